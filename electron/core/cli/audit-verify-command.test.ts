import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../verify/sqlite-state-store';
import { AuditLog, rotatedFiles } from '../audit/audit-log';
import { runAuditVerify } from './audit-verify-command';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const key = 'fleet-key-for-verify-command';
/** The key as IT hands it to the command: a secret name, its value in the keychain or the environment. */
const env = { GUICHET_SECRET_FLEET_AUDIT: key, GUICHET_SECRET_OTHER: 'not-the-key' };
const noKeychain = {
  getPassword: async () => null,
  setPassword: async () => {},
  deletePassword: async () => false,
  findCredentials: async () => [],
};

describe('runAuditVerify', () => {
  let dir: string;
  let path: string;
  let statePath: string;

  async function run(argv: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; text: string }> {
    let text = '';
    const code = await runAuditVerify(argv, { out: { write: (chunk: string) => (text += chunk) }, env: { ...env, ...extraEnv }, platform: 'linux', installed: false, keychain: noKeychain });
    return { code, text };
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-verify-cmd-'));
    path = join(dir, 'audit.jsonl');
    statePath = join(dir, 'state.sqlite');
    const store = new SqliteStateStore(statePath);
    let t = Date.UTC(2025, 8, 1, 8, 0, 0);
    const log = new AuditLog({ path, store, kioskId: 'kiosk-a', clock: { now: () => (t += 1000) }, key, maxBytes: 1200 });
    for (let i = 0; i < 20; i += 1) log.append({ event: 'code.sent', session: `s-${i}`, outcome: 'ok', detail: { i } });
    log.close();
    store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lineCount = () => [...rotatedFiles(path), path].reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').filter(Boolean).length, 0);

  it('prints OK and exits 0 for an intact chain, finding rotated files beside the log', async () => {
    expect(rotatedFiles(path).length).toBeGreaterThan(1);
    const ok = { code: 0, text: `OK: ${lineCount()} lines\n` };
    expect(await run(['--key', 'secret:FLEET_AUDIT', path])).toEqual(ok);
    expect(await run(['--key', 'secret:FLEET_AUDIT', '--state', statePath, path])).toEqual(ok);
    expect(await run([`--state=${statePath}`, '--key=secret:FLEET_AUDIT', path, ...rotatedFiles(path).reverse()])).toEqual(ok);
  });

  it('verifies one rotated file on its own, saying where it continues from', async () => {
    const [, second] = rotatedFiles(path);
    const copy = join(mkdtempSync(join(tmpdir(), 'guichet-verify-one-')), 'copy.jsonl');
    writeFileSync(copy, readFileSync(second!));
    const { code, text } = await run(['--key', 'secret:FLEET_AUDIT', copy]);
    expect(code).toBe(0);
    expect(text).toMatch(/^OK: \d+ lines \(continues from audit\.000001\.jsonl seq \d+\)\n$/);
  });

  it('uses audit.key of the config, as the app does', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ audit: { key: 'secret:FLEET_AUDIT' } }));
    expect(await run([path], { GUICHET_CONFIG: config })).toEqual({ code: 0, text: `OK: ${lineCount()} lines\n` });
    writeFileSync(config, JSON.stringify({ audit: { key: 'secret:OTHER' } }));
    expect((await run([path], { GUICHET_CONFIG: config })).text).toMatch(/^BROKEN: .* line 1: key \(no line carries a MAC of this key/);
  });

  it('prints BROKEN with the file, line and problem, and exits 1', async () => {
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    writeFileSync(path, lines.slice(0, -1).map((l) => `${l}\n`).join(''));
    expect((await run(['--key', 'secret:FLEET_AUDIT', path])).code).toBe(0);
    expect(await run(['--key', 'secret:FLEET_AUDIT', '--state', statePath, path])).toEqual({ code: 1, text: `BROKEN: ${path} line ${lines.length}: truncated\n` });
  });

  it('does not change the state file it reads', async () => {
    const before = readFileSync(statePath);
    await run(['--key', 'secret:FLEET_AUDIT', '--state', statePath, path]);
    expect(readFileSync(statePath).equals(before)).toBe(true);
  });

  it('exits 2 on usage errors, unreadable files and a missing key, 0 on --help', async () => {
    for (const argv of [[], ['--state'], ['--bogus', path], [join(dir, 'absent.jsonl')], ['--state', join(dir, 'absent.sqlite'), path], ['--key', 'secret:ABSENT', path], ['--key', 'plain', path]]) {
      const { code, text } = await run(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(text).toContain('usage: audit verify');
    }
    expect(await run(['--help'])).toMatchObject({ code: 0 });
  });

  it('runs as scripts/audit-verify.ts', () => {
    const script = join(repoRoot, 'scripts', 'audit-verify.ts');
    const opts = { cwd: repoRoot, encoding: 'utf8' as const, env: { ...process.env, ...env } };
    const ok = spawnSync(process.execPath, ['--import', 'tsx', script, '--key', 'secret:FLEET_AUDIT', '--state', statePath, path], opts);
    expect(ok.stdout).toBe(`OK: ${lineCount()} lines\n`);
    expect(ok.status).toBe(0);
    writeFileSync(path, 'garbage\n', { flag: 'a' });
    const broken = spawnSync(process.execPath, ['--import', 'tsx', script, '--key', 'secret:FLEET_AUDIT', path], opts);
    expect(broken.stdout).toMatch(/^BROKEN: .*audit\.jsonl line \d+: malformed\n$/);
    expect(broken.status).toBe(1);
    expect(spawnSync(process.execPath, ['--import', 'tsx', script], opts).status).toBe(2);
  });
});
