import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore } from '../../../electron/core/bootstrap';
import { runItCommand } from '../../../electron/core/cli/it-command';
import { migrate } from '../../../electron/core/state/postgres-schema';
import { askForCode } from '../../support/code-request-visit';
import { noKeychain } from '../../support/empty-keychain';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';

let server: PostgresServer;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startPostgres();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-audit-db-'));
  env = { GUICHET_SECRET_PG_KIOSK: server.kioskUrl, GUICHET_SECRET_FLEET_AUDIT: 'fleet-audit-chain-key-0123456789' };
  const owner = new pg.Client({ connectionString: server.ownerUrl });
  await owner.connect();
  await migrate(owner, { schema: 'guichet', kioskRole: server.kioskRole, dryRun: false });
  await owner.end();
});
afterAll(async () => {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const auditFile = (name: string) => path.join(dir, `${name}.audit.jsonl`);

function configFile(name: string): string {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      kiosk: { id: name },
      state: { type: 'postgres', path: path.join(dir, `${name}.sqlite`), postgres: { connectionString: 'secret:PG_KIOSK' } },
      audit: { path: auditFile(name), key: 'secret:FLEET_AUDIT' },
      recovery: { captcha: false },
      security: { responseFloorMs: 0 },
    }),
  );
  return file;
}

async function device(name: string) {
  const logs: string[] = [];
  const started = await startCore({ argv: ['--config', configFile(name)], env, platform: 'linux', dataDir: path.join(dir, name), installed: false, log: (l) => logs.push(l), version: '1.0.0' });
  return { ...started, logs };
}

/** A visitor asks for a code: a few audit lines (a code sent, or the state unavailable while the database is down). */
async function visit(core: Awaited<ReturnType<typeof device>>['core']) {
  const c = core.connect({ send: () => {} });
  await askForCode(c);
  c.close('visit over');
}

const localLines = (name: string) => fs.readFileSync(auditFile(name), 'utf8').split('\n').filter(Boolean);

async function tableLines(kioskId: string): Promise<string[]> {
  const r = await server.admin('SELECT line FROM guichet.audit WHERE kiosk_id = $1 ORDER BY seq', [kioskId]);
  return r.rows.map((row) => row.line as string);
}

/** The copy goes out behind the file: wait (bounded) until the table holds what the file does. */
async function copied(name: string, timeoutMs = 20_000): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await tableLines(name);
    if (rows.length >= localLines(name).length || Date.now() > until) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function verifyDatabase(): Promise<{ code: number | null; out: string }> {
  let out = '';
  const code = await runItCommand(['audit', 'verify', '--database', '--config', configFile('kiosk-a')], {
    stdin: Readable.from([]),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (out += s) },
    env,
    platform: 'linux',
    version: '1.0.0',
    installed: false,
    keychain: noKeychain,
  });
  return { code, out };
}

describe('the fleet\'s audit table', () => {
  it('holds every line of every device, and audit verify --database checks each chain; an edited or cut row is reported', async () => {
    const a = await device('kiosk-a');
    const b = await device('kiosk-b');
    await visit(a.core);
    await visit(b.core);
    await visit(a.core);
    expect(await copied('kiosk-a')).toEqual(localLines('kiosk-a'));
    expect(await copied('kiosk-b')).toEqual(localLines('kiosk-b'));
    expect(localLines('kiosk-a').some((l) => l.includes('"event":"code.sent"'))).toBe(true);
    // Shutting down, each device says in its last heartbeat how far its copy reached.
    await a.core.shutdown();
    await b.core.shutdown();
    const heads = await server.admin('SELECT kiosk_id, audit_seq FROM guichet.devices ORDER BY kiosk_id');
    expect(heads.rows.map((r) => [r.kiosk_id, Number(r.audit_seq)])).toEqual([
      ['kiosk-a', localLines('kiosk-a').length],
      ['kiosk-b', localLines('kiosk-b').length],
    ]);

    const clean = await verifyDatabase();
    expect(clean.code).toBe(0);
    expect(clean.out).toContain(`kiosk-a: OK: ${localLines('kiosk-a').length} lines`);
    expect(clean.out).toContain(`kiosk-b: OK: ${localLines('kiosk-b').length} lines`);

    // Whoever can write the table cannot make an edit verify without the key.
    await server.admin(`UPDATE guichet.audit SET line = replace(line, '"outcome":"ok"', '"outcome":"fail"') WHERE kiosk_id = 'kiosk-a' AND seq = 1`);
    const edited = await verifyDatabase();
    expect(edited.code).toBe(1);
    expect(edited.out).toContain('kiosk-a: BROKEN: seq 1: edited');
    expect(edited.out).toContain('kiosk-b: OK');
    await server.admin(`UPDATE guichet.audit SET line = replace(line, '"outcome":"fail"', '"outcome":"ok"') WHERE kiosk_id = 'kiosk-a' AND seq = 1`);

    // Rows cut from the end show against the head the device's heartbeat recorded.
    await server.admin(`DELETE FROM guichet.audit WHERE kiosk_id = 'kiosk-b' AND seq = (SELECT max(seq) FROM guichet.audit WHERE kiosk_id = 'kiosk-b')`);
    const cut = await verifyDatabase();
    expect(cut.code).toBe(1);
    expect(cut.out).toMatch(/kiosk-b: BROKEN: .*truncated/);
    expect(cut.out).toContain('kiosk-a: OK');
  }, 90_000);

  it('is append-only for the kiosk role', async () => {
    const kiosk = new pg.Client({ connectionString: server.kioskUrl });
    await kiosk.connect();
    try {
      await expect(kiosk.query(`UPDATE guichet.audit SET line = 'x' WHERE kiosk_id = 'kiosk-a'`)).rejects.toThrow(/permission denied/);
      await expect(kiosk.query(`DELETE FROM guichet.audit WHERE kiosk_id = 'kiosk-a'`)).rejects.toThrow(/permission denied/);
    } finally {
      await kiosk.end();
    }
  });

  it('loses no line while the database is down, even across a restart: they are copied from the file once it answers', async () => {
    const c = await device('kiosk-c');
    await visit(c.core);
    expect(await copied('kiosk-c')).toEqual(localLines('kiosk-c'));
    await server.stop();
    try {
      // The visitors see the unavailable screen; their lines are written and fsynced locally.
      await visit(c.core);
      await visit(c.core);
      expect(localLines('kiosk-c').filter((l) => l.includes('"event":"state.unavailable"')).length).toBeGreaterThan(0);
      expect(c.logs.join('\n')).toContain('audit copy to the database failed, lines wait in the local file');
    } finally {
      await server.start();
    }
    // Back by itself, without a restart.
    expect(await copied('kiosk-c')).toEqual(localLines('kiosk-c'));

    // Down again, and the device stops before it answers: the next start copies the rest from the file.
    await server.stop();
    try {
      await visit(c.core);
      await c.core.shutdown();
    } finally {
      await server.start();
    }
    expect((await tableLines('kiosk-c')).length).toBeLessThan(localLines('kiosk-c').length);
    const again = await device('kiosk-c');
    expect(await copied('kiosk-c')).toEqual(localLines('kiosk-c'));
    const seqs = (await server.admin(`SELECT seq FROM guichet.audit WHERE kiosk_id = 'kiosk-c' ORDER BY seq`)).rows.map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    await again.core.shutdown();
    const verified = await verifyDatabase();
    expect(verified.out).toContain(`kiosk-c: OK: ${localLines('kiosk-c').length} lines`);
  }, 90_000);
});
