import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../electron/core/audit/audit-log';
import { configJsonSchemaText } from '../electron/core/config/json-schema';
import { verifySecret } from '../electron/core/passwords/scrypt-hash';
import { SqliteStateStore } from '../electron/core/verify/sqlite-state-store';
import { runWithKeyring, runWithoutKeyring } from '../test/support/keyring';
import { hashSecret } from '../electron/core/passwords/scrypt-hash';

/** IT's command line end to end: `tsx scripts/guichet.ts …` in a child process, as `npm run guichet -- …` runs it. */
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const script = path.join(root, 'scripts', 'guichet.ts');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

type Child = { code: number | null; stdout: string; stderr: string };

function guichet(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Child> {
  return new Promise((resolve, reject) => {
    // No GUICHET_* from the developer's shell, and no machine-wide file is looked for under a real ProgramData.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GUICHET_')));
    const child = spawn(tsx, [script, ...args], { cwd: root, env: { ...env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'guichet-it-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('guichet --version and --help', () => {
  it('--version prints package.json’s version', async () => {
    expect(await guichet(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help lists the commands; no command at all is a usage error', async () => {
    const help = await guichet(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Guichet ${version}`);
    expect(help.stdout).toContain('guichet pin-hash');
    const none = await guichet([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: guichet');
    expect((await guichet(['config', 'frobnicate'])).code).toBe(2);
  });

  it('an unknown command is named, with the usage (a checkout never starts the window)', async () => {
    const result = await guichet(['--config', 'x.json', 'frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^unknown command frobnicate\nusage: guichet /);
  });
});

describe('guichet config', () => {
  it('check: a valid file exits 0 and says OK', async () => {
    const file = write('good.json', JSON.stringify({ organization: { name: 'UM6SS' }, kiosk: { enabled: true } }));
    expect(await guichet(['config', 'check', file])).toEqual({ code: 0, stdout: `OK: ${file}\n`, stderr: '' });
  });

  it('check: a bad file exits 1 with every problem and its JSON path', async () => {
    const file = write('bad.json', JSON.stringify({ kiosk: { idleSeconds: 'soon' }, security: { code: { ttlSeconds: 3600 } }, phone: { defaultCountry: 'MAR' }, locale: { dfault: 'fr' } }));
    const result = await guichet(['config', 'check', file]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.every((l) => l.startsWith(`config invalid: ${file}: `))).toBe(true);
    const paths = lines.map((l) => l.slice(`config invalid: ${file}: `.length).split(': ')[0]).sort();
    expect(paths).toEqual(['kiosk.idleSeconds', 'locale', 'phone.defaultCountry', 'security.code.ttlSeconds']);
    expect(result.stdout).toContain('locale: unknown key "dfault" (did you mean "default"?)');
  });

  it('check: every problem in one run, each saying what is expected, checks across keys among them', async () => {
    const file = write(
      'first.json',
      JSON.stringify({
        organisation: { name: 'UM6SS' },
        locale: { default: 'de', available: ['fr', 'en'] },
        recovery: { methodsRequired: 3 },
        kiosk: { idleSeconds: 2.5 },
        security: { code: { length: 4 } },
      }),
    );
    const result = await guichet(['config', 'check', file]);
    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split('\n').map((l) => l.slice(`config invalid: ${file}: `.length))).toEqual([
      'recovery.methodsRequired: expected 1 or 2 (got 3)',
      'security.code.length: expected a whole number from 6 to 10 (got 4)',
      'kiosk.idleSeconds: expected a whole number from 5 to 3600 (got 2.5)',
      '(root): unknown key "organisation" (did you mean "organization"?)',
      'locale.default: expected one of locale.available ("fr", "en"), got "de"',
    ]);
  });

  it('check: a region, a PIN hash or a key the app cannot use exits 1', async () => {
    const bad = write('kiosk.json', JSON.stringify({ phone: { defaultCountry: 'XX' }, kiosk: { attendantPinHash: '1234', attendantKeys: 'Ctrl+Alt+Foo' } }));
    const result = await guichet(['config', 'check', bad]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('phone.defaultCountry: "XX" is not a country code');
    expect(result.stdout).toContain('kiosk.attendantPinHash: expected the line `guichet pin-hash` prints');
    expect(result.stdout).toContain('kiosk.attendantKeys: "Foo" in "Ctrl+Alt+Foo" is not a key name');
    expect(result.stdout).not.toContain('1234');
    const good = write('kiosk-ok.json', JSON.stringify({ phone: { defaultCountry: 'SN' }, kiosk: { attendantPinHash: await hashSecret('739146', { ln: 10, r: 8, p: 1 }), attendantKeys: 'Ctrl+Alt+F9' } }));
    expect(await guichet(['config', 'check', good])).toEqual({ code: 0, stdout: `OK: ${good}\n`, stderr: '' });
  });

  it('check: broken JSON exits 1 with line, column, the line and a caret', async () => {
    const file = write('broken.json', '{\n  "kiosk": {\n    "enabled": true,\n  }\n}\n');
    const result = await guichet(['config', 'check', file]);
    expect(result).toEqual({
      code: 1,
      stdout: `config invalid: ${file}: (file): not valid JSON at line 4, column 3: a comma before "}" or "]" ends nothing: remove it\n    }\n    ^\n`,
      stderr: '',
    });
  });

  it('check --secrets gives one verdict: invalid when a secret is missing, OK only when all are found', async () => {
    const file = write('secrets.json', JSON.stringify({ delivery: { email: { type: 'smtp', host: 'smtp.example.test', from: 'g@example.test', user: 'u', password: 'secret:GUICHET_IT_SMTP' } } }));
    const missing = await runWithoutKeyring(tsx, [script, 'config', 'check', file, '--secrets'], { cwd: root, timeoutMs: 60_000 });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/^config invalid: missing secret: GUICHET_IT_SMTP \(keychain service org\.guichet\.app, account GUICHET_IT_SMTP; or GUICHET_SECRET_GUICHET_IT_SMTP\).*\n$/);
    const found = await runWithoutKeyring(tsx, [script, 'config', 'check', file, '--secrets'], { cwd: root, timeoutMs: 60_000, env: { GUICHET_SECRET_GUICHET_IT_SMTP: 'smtp-value' } });
    expect(found).toEqual({ code: 0, stdout: `OK: ${file}\nsecrets found: GUICHET_IT_SMTP\n`, stderr: '' });
    expect(missing.stdout + found.stdout).not.toContain('smtp-value');
  }, 120_000);

  it('check without FILE follows GUICHET_CONFIG, as the app does', async () => {
    const file = write('env.json', JSON.stringify({ kiosk: { enabled: 'yes' } }));
    const result = await guichet(['config', 'check'], { env: { GUICHET_CONFIG: file } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${file}: kiosk.enabled: `);
  });

  it('schema prints the JSON Schema', async () => {
    const result = await guichet(['config', 'schema']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(configJsonSchemaText());
    expect(JSON.parse(result.stdout)).toMatchObject({ title: 'Guichet configuration', type: 'object' });
  });
});

describe('guichet pin-hash', () => {
  it('hashes a PIN piped on standard input; the hash verifies with the scrypt verify function', async () => {
    const result = await guichet(['pin-hash'], { input: '739146\n' });
    expect(result.code).toBe(0);
    const hash = result.stdout.trim();
    expect(result.stdout).toBe(`${hash}\n`);
    expect(await verifySecret('739146', hash)).toBe(true);
    expect(await verifySecret('739147', hash)).toBe(false);
  });

  it('refuses fewer than 6 characters and prints nothing', async () => {
    const result = await guichet(['pin-hash'], { input: '12345\n' });
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'pin-hash: the PIN must have at least 6 characters; nothing printed\n' });
  });
});

describe('guichet audit verify', () => {
  it('exits 0 on an intact chain, 1 on an edited line, 2 on a missing file', async () => {
    const audit = path.join(dir, 'audit.jsonl');
    const store = new SqliteStateStore(path.join(dir, 'state.sqlite'));
    let t = Date.UTC(2025, 8, 1, 8, 0, 0);
    const log = new AuditLog({ path: audit, store, kioskId: 'kiosk-a', clock: { now: () => (t += 1000) }, key: 'it-audit-key' });
    for (let i = 0; i < 5; i += 1) log.append({ event: 'code.sent', session: 's-1', outcome: 'ok', detail: { i } });
    log.close();
    store.close();

    const env = { GUICHET_SECRET_IT_AUDIT: 'it-audit-key' };
    expect(await guichet(['audit', 'verify', '--key', 'secret:IT_AUDIT', audit], { env })).toEqual({ code: 0, stdout: 'OK: 6 lines\n', stderr: '' });
    const lines = readFileSync(audit, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"outcome":"ok"', '"outcome":"fail"');
    writeFileSync(audit, lines.join('\n'));
    const broken = await guichet(['audit', 'verify', '--key', 'secret:IT_AUDIT', audit], { env });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(new RegExp(`^BROKEN: ${audit} line 3: `));
    expect((await guichet(['audit', 'verify', '--key', 'secret:IT_AUDIT', path.join(dir, 'absent.jsonl')], { env })).code).toBe(2);
  });
});

describe('guichet secrets', () => {
  it('set, list and delete in a real OS keychain (libsecret + gnome-keyring)', async () => {
    const name = 'GUICHET_IT_TEST';
    const value = 'v@lue with spaces';
    // One keyring session for the whole sequence; each step's exit code is printed after its output.
    const steps = [
      `printf '%s\\n' '${value}' | "$TSX" "$SCRIPT" secrets set ${name}; echo "exit=$?"`,
      `"$TSX" "$SCRIPT" secrets list; echo "exit=$?"`,
      `"$TSX" "$SCRIPT" secrets delete ${name}; echo "exit=$?"`,
      `"$TSX" "$SCRIPT" secrets delete ${name}; echo "exit=$?"`,
      `"$TSX" "$SCRIPT" secrets set; echo "exit=$?"`,
    ].join('\n');
    const run = await runWithKeyring('sh', ['-c', steps], { cwd: root, timeoutMs: 90_000, env: { TSX: tsx, SCRIPT: script } });
    expect(run.code, run.stderr).toBe(0);
    const outcomes = run.stdout.split(/exit=(\d+)\n/);
    expect(outcomes.slice(0, 10)).toEqual([`${name} stored\n`, '0', expect.stringContaining(`${name}\n`), '0', `${name} deleted\n`, '0', '', '1', '', '2']);
    expect(run.stdout).not.toContain(value);
    expect(run.stderr).toContain(`no secret named ${name}`);
  }, 120_000);

  it('exits 1 and says why on a machine without a Secret Service', async () => {
    const run = await runWithoutKeyring(tsx, [script, 'secrets', 'list'], { cwd: root, timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('secrets list: the keychain refused');
  });
});
