import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/core/audit/audit-log';
import { verifyAudit } from '../../../electron/core/audit/audit-verify';
import { sdId } from '../../../electron/core/audit/syslog/rfc5424';
import { SyslogForwarder } from '../../../electron/core/audit/syslog/syslog-forwarder';
import { SqliteStateStore } from '../../../electron/core/verify/sqlite-state-store';
import { localCertificate } from '../../support/local-certificate';
import { rsyslogServer, type RsyslogServer } from '../../support/rsyslog-server';

/** RFC 5424: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG */
const rfc5424 = new RegExp(`^<(\\d{1,3})>1 (\\S+) (\\S+) guichet - (\\S+) \\[${sdId.replace('@', '@')} ([^\\]]*)\\] \\uFEFF(\\{.*\\})$`);

describe('audit lines forwarded to a real rsyslog over TLS', () => {
  let dir: string;
  let server: RsyslogServer;
  let ca: string;
  const key = 'fleet-audit-key';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-rsyslog-'));
    const cert = await localCertificate();
    ca = cert.cert;
    server = await rsyslogServer(dir, cert);
    await server.start();
  }, 30_000);
  afterAll(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const received = () =>
    fs.existsSync(server.file)
      ? fs.readFileSync(server.file, 'utf8').split('\n').filter(Boolean)
      : [];
  const seqsReceived = () => new Set(received().map((l) => Number(/ seq="(\d+)"/.exec(l)?.[1])));
  async function until(done: () => boolean, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('delivers every seq at least once across a receiver restart, each line RFC 5424 with kiosk and seq', async () => {
    const store = new SqliteStateStore(path.join(dir, 'state.sqlite'));
    const forwarder = new SyslogForwarder({
      target: { host: '127.0.0.1', port: server.port, ca },
      spoolPath: path.join(dir, 'audit-syslog.spool'),
      spoolBytes: 10 * 1024 * 1024,
      onFull: () => {},
      settleMs: 1000,
      retryMs: { first: 100, max: 500 },
    });
    let t = Date.UTC(2026, 0, 5, 8, 0, 0);
    const log = new AuditLog({ path: path.join(dir, 'audit.jsonl'), store, kioskId: 'kiosk-7', clock: { now: () => (t += 1000) }, key, sinks: [forwarder] });
    const write = (from: number, to: number) => {
      for (let i = from; i < to; i += 1) log.append({ event: 'code.sent', session: `s-${i}`, account: 'amina.benali', outcome: 'ok', detail: { channel: 'sms', i } });
    };
    write(0, 30);
    await until(() => seqsReceived().size >= 31, 15_000);

    await server.stop();
    write(30, 60); // the receiver is down: these wait in the spool
    expect(fs.statSync(path.join(dir, 'audit-syslog.spool')).size).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));
    await server.start();
    write(60, 80);
    await until(() => seqsReceived().size >= 81, 20_000);
    log.close();
    forwarder.close();
    store.close();

    const seqs = seqsReceived();
    for (let seq = 1; seq <= 81; seq += 1) expect(seqs.has(seq), `seq ${seq}`).toBe(true);
    const texts: string[] = [];
    for (const line of received()) {
      const m = rfc5424.exec(line);
      expect(m, line).not.toBeNull();
      const [, pri, at, host, msgid, sd, json] = m!;
      expect(Number(pri)).toBe(13 * 8 + 6);
      expect(host).toBe('kiosk-7');
      const parsed = JSON.parse(json!) as { at: string; event: string; seq: number };
      expect(at).toBe(parsed.at);
      expect(msgid).toBe(parsed.event);
      expect(sd).toContain(`kiosk="kiosk-7" seq="${parsed.seq}"`);
      texts.push(json!);
    }
    // The SIEM's copy, duplicates dropped by seq, verifies like the file.
    const bySeq = new Map(texts.map((t) => [JSON.parse(t).seq as number, t]));
    const copy = path.join(dir, 'siem-copy.jsonl');
    fs.writeFileSync(copy, [...bySeq.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => `${t}\n`).join(''));
    expect(verifyAudit([copy], key)).toEqual({ ok: true, lines: 81 });
  }, 60_000);
});
