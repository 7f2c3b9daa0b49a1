import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWithKeyring, runWithoutKeyring } from '../../support/keyring';

const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const child = path.join(__dirname, 'keyring-child.ts');
const name = 'GUICHET_TEST_LDAP_BIND';
const value = 'S3cret with spaces & "quotes"';

type CommandResult = { code: number; out: string; err: string };
type Resolved = { value?: string; missing?: string[]; message?: string };
type Report = {
  set: CommandResult;
  afterSet: Resolved;
  direct: string | null;
  list: CommandResult;
  keychainWins: Resolved;
  del: CommandResult;
  afterDelete: Resolved;
  envFallback: Resolved;
  deleteAgain: CommandResult;
  fromEnv: Resolved;
  missing: Resolved;
};

function lastJsonLine(stdout: string): Report {
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Report;
}

describe('secrets in a real OS keychain (libsecret + gnome-keyring)', () => {
  it('set → resolve → list → delete through `guichet secrets` and resolveSecret', async () => {
    const run = await runWithKeyring(tsx, [child, name, value], { cwd: root, timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    const r = lastJsonLine(run.stdout);

    expect(r.set).toEqual({ code: 0, out: `${name} stored\n`, err: '' });
    expect(r.afterSet).toEqual({ value });
    // Stored where other tools expect it: service org.guichet.app, account NAME.
    expect(r.direct).toBe(value);
    expect(r.list.code).toBe(0);
    expect(r.list.out.split('\n')).toContain(name);
    expect(r.list.out).not.toContain(value);
    expect(r.keychainWins).toEqual({ value });

    expect(r.del).toEqual({ code: 0, out: `${name} deleted\n`, err: '' });
    expect(r.afterDelete.missing).toEqual([name]);
    expect(r.afterDelete.message).not.toContain(value);
    expect(r.envFallback).toEqual({ value: 'from-the-environment' });
    expect(r.deleteAgain.code).toBe(1);
  });

  it('still resolves from GUICHET_SECRET_NAME on a machine without a Secret Service', async () => {
    const run = await runWithoutKeyring(tsx, [child, name, value, 'no-keyring'], { cwd: root, timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    const r = lastJsonLine(run.stdout);
    expect(r.fromEnv).toEqual({ value });
    expect(r.missing.missing).toEqual([name]);
    // The log line says why the keychain was not asked, so IT knows where to look.
    expect(r.missing.message).toMatch(/keychain unavailable/);
    expect(r.list.code).toBe(1);
  });
});
