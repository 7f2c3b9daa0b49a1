import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore } from '../../../electron/core/bootstrap';
import { runItCommand } from '../../../electron/core/cli/it-command';
import { clearPinFailures, pinFailureKey, pinFailures, pinLockKey } from '../../../electron/core/attendant/attendant-gate';
import { PostgresEngine } from '../../../electron/core/state/postgres-engine';
import { deviceKey } from '../../../electron/core/verify/state-store';
import { schemaVersion } from '../../../electron/core/state/postgres-schema';
import { OutOfServiceCore } from '../../../electron/core/out-of-service-core';
import { ManualClock } from '../../support/broker-harness';
import { askForCode } from '../../support/code-request-visit';
import { noKeychain } from '../../support/empty-keychain';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';

let server: PostgresServer;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startPostgres({ tls: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-fleet-cli-'));
  // The fleet's audit chain key (audit.key), where the OS keychain would hold it.
  env = { GUICHET_SECRET_PG_KIOSK: server.kioskUrl, GUICHET_SECRET_PG_OWNER: server.ownerUrl, GUICHET_SECRET_AUDIT_CHAIN_KEY: 'state-command-audit-key' };
});
afterAll(async () => {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function configFile(name: string, over: Record<string, unknown> = {}): string {
  const file = path.join(dir, `${name}.json`);
  const config = {
    kiosk: { id: name },
    state: { type: 'postgres', path: path.join(dir, `${name}.sqlite`), postgres: { connectionString: 'secret:PG_KIOSK', caFile: server.caFile } },
    audit: { path: path.join(dir, `${name}.audit.jsonl`), key: 'secret:AUDIT_CHAIN_KEY' },
    ...over,
  };
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

async function guichet(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runItCommand(args, {
    stdin: Readable.from([]),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
    platform: 'linux',
    version: '9.8.7',
    installed: false,
    keychain: noKeychain,
  });
  return { code, out, err };
}

async function device(name: string, file = configFile(name), clock?: ManualClock) {
  const logs: string[] = [];
  const started = await startCore({ argv: ['--config', file], env, platform: 'linux', dataDir: path.join(dir, name), installed: false, log: (l) => logs.push(l), version: '9.8.7', clock });
  return { ...started, logs };
}

describe('guichet state and fleet commands over TLS', () => {
  it('a kiosk is out of service until the schema is migrated, naming both versions', async () => {
    const d = await device('kiosk-early');
    expect(d.core).toBeInstanceOf(OutOfServiceCore);
    expect(d.logs.join('\n')).toContain(`schema is version 0, this Guichet needs version ${schemaVersion}`);
  });

  it('migrates as the owner (dry run first), then checks as the kiosk role', async () => {
    const file = configFile('kiosk-a');
    const dry = await guichet(['state', 'migrate', '--dry-run', '--connection', 'secret:PG_OWNER', '--config', file]);
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.out).toContain(`would apply version ${schemaVersion}`);
    expect(dry.out).toContain('dry run, nothing changed');
    const check0 = await guichet(['state', 'check', '--config', file]);
    expect(check0.code).toBe(1);
    expect(check0.out).toContain('version 0, this Guichet needs');

    const real = await guichet(['state', 'migrate', '--connection', 'secret:PG_OWNER', '--config', file]);
    expect(real).toMatchObject({ code: 0 });
    expect(real.out).toContain(`version 0 → ${schemaVersion}`);
    expect((await guichet(['state', 'migrate', '--connection', 'secret:PG_OWNER', '--config', file])).out).toContain('nothing to do');

    const check = await guichet(['state', 'check', '--config', file]);
    expect(check.code).toBe(0);
    expect(check.out).toContain('as guichet_kiosk, TLS');
    expect(check.out).toMatch(/events: SELECT,INSERT,UPDATE,DELETE/);
    expect(check.out).toMatch(/meta: SELECT\n/);
    expect(check.out).not.toContain('can change the schema');
    expect(check.out).toMatch(/round trip: \d+\.\d+ ms/);
  });

  it('attendant unblock lifts one device\'s PIN lock in the fleet database, and only that device\'s', async () => {
    const engine = await PostgresEngine.open({ connectionString: server.kioskUrl, caFile: server.caFile, schema: 'guichet' });
    try {
      const now = Date.now();
      for (const id of ['kiosk-a', 'kiosk-b']) {
        for (let i = 0; i < pinFailures.max; i += 1) await engine.addEvent(deviceKey(id, pinFailureKey), now);
        await engine.setValue(deviceKey(id, pinLockKey), String(now + 60_000));
      }
      expect(await guichet(['attendant', 'unblock', '--config', configFile('kiosk-a')])).toEqual({ code: 0, out: 'attendant PIN unblocked on kiosk-a (fleet database)\n', err: '' });
      expect(await engine.countEvents(deviceKey('kiosk-a', pinFailureKey), 0)).toBe(0);
      expect(await engine.getValue(deviceKey('kiosk-a', pinLockKey))).toBeUndefined();
      expect(await engine.countEvents(deviceKey('kiosk-b', pinFailureKey), 0)).toBe(pinFailures.max);
      expect(await engine.getValue(deviceKey('kiosk-b', pinLockKey))).toBe(String(now + 60_000));
      await clearPinFailures(engine, 'kiosk-b');
    } finally {
      await engine.close();
    }
  });

  it('refuses a server whose certificate the configured CA did not sign, and a loopback connection without TLS', async () => {
    const { localCertificate } = await import('../../support/local-certificate');
    const stranger = await localCertificate();
    await expect(PostgresEngine.open({ connectionString: server.kioskUrl, caFile: stranger.caFile, schema: 'guichet' })).rejects.toThrow(/unavailable: .*(self-signed|certificate)/i);
    // The server takes only TLS over TCP; without a caFile on loopback the client does not ask for it and is turned away.
    await expect(PostgresEngine.open({ connectionString: server.kioskUrl, schema: 'guichet' })).rejects.toThrow(/no pg_hba.conf entry|SSL off/);
    fs.rmSync(stranger.dir, { recursive: true, force: true });
  });

  it('two devices on the database show as one fleet; a second live device with the same id is flagged', async () => {
    const a = await device('kiosk-a');
    const b = await device('kiosk-b');
    expect(a.core).not.toBeInstanceOf(OutOfServiceCore);
    expect(b.core).not.toBeInstanceOf(OutOfServiceCore);
    // The first heartbeat is written at start; wait for both rows.
    const rows = async () => (await server.admin('SELECT kiosk_id FROM guichet.devices')).rows.map((r) => r.kiosk_id as string);
    for (let i = 0; i < 50 && new Set(await rows()).size < 2; i += 1) await new Promise((r) => setTimeout(r, 100));

    const status = await guichet(['fleet', 'status', '--json', '--config', configFile('kiosk-a')]);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.out) as { devices: { kioskId: string; version: string; live: boolean }[]; duplicates: string[] };
    expect(report.devices.map((d) => [d.kioskId, d.version, d.live])).toEqual([
      ['kiosk-a', '9.8.7', true],
      ['kiosk-b', '9.8.7', true],
    ]);
    expect(report.duplicates).toEqual([]);

    const twin = await device('kiosk-b-twin', configFile('kiosk-b-twin', { kiosk: { id: 'kiosk-b' } }));
    for (let i = 0; i < 50 && (await rows()).length < 3; i += 1) await new Promise((r) => setTimeout(r, 100));
    const text = await guichet(['fleet', 'status', '--config', configFile('kiosk-a')]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('kiosk id "kiosk-b" is used by more than one live device');
    for (const d of [a, b, twin]) await d.core.shutdown();
    // Three cores started and stopped against a TLS server: slow on a loaded machine.
  }, 60_000);

  it('a kiosk refuses a schema one version ahead, naming both versions', async () => {
    await server.admin(`UPDATE guichet.meta SET value = $1 WHERE name = 'schema_version'`, [String(schemaVersion + 1)]);
    try {
      const d = await device('kiosk-late');
      expect(d.core).toBeInstanceOf(OutOfServiceCore);
      expect(d.logs.join('\n')).toContain(`schema is version ${schemaVersion + 1}, newer than version ${schemaVersion}`);
    } finally {
      await server.admin(`UPDATE guichet.meta SET value = $1 WHERE name = 'schema_version'`, [String(schemaVersion)]);
    }
  });

  it('a kiosk started while the database is down fails closed, then serves the next visitor once it answers', async () => {
    const name = 'kiosk-cold';
    const file = configFile(name, { recovery: { captcha: false }, security: { responseFloorMs: 0 } });
    const outbox = path.join(dir, name, 'outbox.jsonl');
    const lines = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter(Boolean) : []);
    const visit = askForCode;
    await server.stop();
    const clock = new ManualClock(Date.now());
    let d: Awaited<ReturnType<typeof device>>;
    const events: string[] = [];
    try {
      d = await device(name, file, clock);
      expect(d.core).not.toBeInstanceOf(OutOfServiceCore);
      const early = d.core.connect({ send: (event) => events.push(event) });
      const down = await visit(early);
      expect(down.steps.every((s) => s === 'unavailable')).toBe(true);
      expect(down.last).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(lines(outbox)).toEqual([]);
      expect(d.logs.join('\n')).toMatch(/state database .* unavailable.*: unavailable until it answers/);
      const audit = lines(path.join(dir, `${name}.audit.jsonl`)).map((l) => JSON.parse(l) as { event: string; detail: { request?: string } });
      expect(audit.filter((l) => l.event === 'state.unavailable').map((l) => l.detail.request)).toEqual(['start']);
    } finally {
      await server.start();
    }
    // No restart: the next visitor, a moment later, is served, and the screen that waited is told to go home.
    clock.advance(5_000);
    const next = await visit(d.core.connect({ send: () => {} }));
    expect(next.steps).toEqual(['home', 'recovery-identify', 'recovery-verify', 'recovery-verify', 'recovery-verify']);
    expect(next.last).toMatchObject({ ok: true, view: { step: { sent: { channel: 'sms' } } } });
    expect(lines(outbox)).toHaveLength(1);
    expect(events).toContain('session-reset');
    expect(d.logs).toContain('state database answers again: back in service');
    await d.core.shutdown();
  });
});
