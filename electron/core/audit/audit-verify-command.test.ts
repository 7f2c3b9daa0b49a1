import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../verify/sqlite-state-store';
import { AuditLog, rotatedFiles } from './audit-log';
import { runAuditVerify } from './audit-verify-command';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function run(argv: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await runAuditVerify(argv, { write: (chunk: string) => (text += chunk) });
  return { code, text };
}

describe('runAuditVerify', () => {
  let dir: string;
  let path: string;
  let statePath: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-verify-cmd-'));
    path = join(dir, 'audit.jsonl');
    statePath = join(dir, 'state.sqlite');
    const store = new SqliteStateStore(statePath);
    let t = Date.UTC(2025, 8, 1, 8, 0, 0);
    const log = new AuditLog({ path, store, kioskId: 'kiosk-a', clock: { now: () => (t += 1000) }, maxBytes: 900 });
    for (let i = 0; i < 20; i += 1) log.append({ event: 'code.sent', session: 's-1', outcome: 'ok', detail: { i } });
    log.close();
    store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints OK and exits 0 for an intact chain, finding rotated files beside the log', async () => {
    expect(rotatedFiles(path).length).toBeGreaterThan(1);
    expect(await run([path])).toEqual({ code: 0, text: 'OK: 20 lines\n' });
    expect(await run(['--state', statePath, path])).toEqual({ code: 0, text: 'OK: 20 lines\n' });
    expect(await run([`--state=${statePath}`, path, ...rotatedFiles(path).reverse()])).toEqual({ code: 0, text: 'OK: 20 lines\n' });
  });

  it('prints BROKEN with the file, line and problem, and exits 1', async () => {
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    writeFileSync(path, lines.slice(0, -1).map((l) => `${l}\n`).join(''));
    expect((await run([path])).code).toBe(0);
    expect(await run(['--state', statePath, path])).toEqual({ code: 1, text: `BROKEN: ${path} line ${lines.length}: truncated\n` });
  });

  it('does not change the state file it reads', async () => {
    const before = readFileSync(statePath);
    await run(['--state', statePath, path]);
    expect(readFileSync(statePath).equals(before)).toBe(true);
  });

  it('exits 2 on usage errors and unreadable files, 0 on --help', async () => {
    for (const argv of [[], ['--state'], ['--bogus', path], [join(dir, 'absent.jsonl')], ['--state', join(dir, 'absent.sqlite'), path]]) {
      const { code, text } = await run(argv);
      expect(code).toBe(2);
      expect(text).toContain('usage: audit-verify');
    }
    expect(await run(['--help'])).toMatchObject({ code: 0 });
  });

  it('runs as scripts/audit-verify.ts', () => {
    const script = join(repoRoot, 'scripts', 'audit-verify.ts');
    const ok = spawnSync(process.execPath, ['--import', 'tsx', script, '--state', statePath, path], { cwd: repoRoot, encoding: 'utf8' });
    expect(ok.stdout).toBe('OK: 20 lines\n');
    expect(ok.status).toBe(0);
    writeFileSync(path, 'garbage\n', { flag: 'a' });
    const broken = spawnSync(process.execPath, ['--import', 'tsx', script, path], { cwd: repoRoot, encoding: 'utf8' });
    expect(broken.stdout).toMatch(/^BROKEN: .*audit\.jsonl line \d+: malformed\n$/);
    expect(broken.status).toBe(1);
    expect(spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, encoding: 'utf8' }).status).toBe(2);
  });
});
