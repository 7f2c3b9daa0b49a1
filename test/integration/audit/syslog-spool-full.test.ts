import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceLedger } from '../../../electron/core/attendant/device-ledger';
import { AuditLog } from '../../../electron/core/audit/audit-log';
import { verifyAudit } from '../../../electron/core/audit/audit-verify';
import { dataPaths, syslogForwarder } from '../../../electron/core/bootstrap';
import { configSchema } from '../../../electron/core/config/schema';
import { SqliteStateStore } from '../../../electron/core/verify/sqlite-state-store';
import { localCertificate, type LocalCertificate } from '../../support/local-certificate';
import { freePort } from '../../support/slapd-server';

describe('a full syslog spool', () => {
  let dir: string;
  let cert: LocalCertificate;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-spool-full-'));
    cert = await localCertificate();
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (cert) fs.rmSync(cert.dir, { recursive: true, force: true });
  });

  it('is a fault in the attendant menu, and loses nothing from the local file', async () => {
    // The smallest spool the config allows, and a SIEM that is not there (nothing listens on the port).
    const config = configSchema.parse({ audit: { key: 'secret:AUDIT', syslog: { host: '127.0.0.1', port: await freePort(), caFile: cert.caFile, spoolMegabytes: 1 } } });
    const paths = dataPaths(config, dir);
    const store = new SqliteStateStore(paths.state);
    const logs: string[] = [];
    const late: { audit?: AuditLog } = {};
    // As the app wires it: the spool-full fault is itself an audit line.
    const forwarder = syslogForwarder(config.audit.syslog!, paths, (e) => late.audit?.append(e), (l) => logs.push(l));
    let t = Date.UTC(2026, 0, 5, 8, 0, 0);
    const clock = { now: () => (t += 10) };
    const key = 'fleet-audit-key';
    const audit = new AuditLog({ path: paths.audit, store, kioskId: 'kiosk-7', clock, key, sinks: [forwarder] });
    late.audit = audit;
    const ledger = new DeviceLedger(audit, store, clock);

    const written = 3000;
    for (let i = 0; i < written; i += 1) audit.append({ event: 'code.sent', session: `s-${i}`, account: 'amina.benali', outcome: 'ok', detail: { channel: 'sms', i } });
    // The fault line is appended once the line that filled the spool has reached every sink.
    await new Promise((r) => setImmediate(r));

    expect(forwarder.status().full).toBe(true);
    expect(fs.statSync(paths.auditSpool).size).toBeLessThanOrEqual(1024 * 1024);
    expect(ledger.lastErrors()[0]).toMatchObject({ event: 'audit.forward.full', detail: 'spoolMegabytes=1' });
    expect(logs.some((l) => /spool full .* only in the local file/.test(l))).toBe(true);

    audit.close();
    forwarder.close();
    const lines = fs.readFileSync(paths.audit, 'utf8').split('\n').filter(Boolean);
    const events = lines.map((l) => JSON.parse(l) as { event: string; detail: { i?: number } });
    expect(events.filter((e) => e.event === 'code.sent').map((e) => e.detail.i)).toEqual(Array.from({ length: written }, (_, i) => i));
    expect(events.filter((e) => e.event === 'audit.forward.full')).toHaveLength(1);
    expect(verifyAudit([paths.audit], key)).toEqual({ ok: true, lines: lines.length });
    store.close();
  }, 120_000);
});
