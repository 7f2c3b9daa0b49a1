import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configJsonSchemaText } from '../config/json-schema';
import type { Keychain } from '../config/secrets';
import { pinFailureKey, pinFailures, pinLockKey } from '../attendant/attendant-gate';
import { verifySecret } from '../passwords/scrypt-hash';
import { SqliteStateStore } from '../verify/sqlite-state-store';
import { deviceKey } from '../verify/state-store';
import { exitWhenFlushed, isItCommand, runItCommand, type ItCommandIo } from './it-command';

class MemoryKeychain implements Keychain {
  readonly entries = new Map<string, string>();
  async getPassword(name: string) {
    return this.entries.get(name) ?? null;
  }
  async setPassword(name: string, value: string) {
    this.entries.set(name, value);
  }
  async deletePassword(name: string) {
    return this.entries.delete(name);
  }
  async findCredentials() {
    return [...this.entries].map(([account, password]) => ({ account, password }));
  }
}

/** A keyboard: each string arrives as one chunk, as keys do; records the raw-mode switches. */
function keyboard(keys: string[]) {
  const stream = Object.assign(Readable.from(keys.map((k) => Buffer.from(k))), {
    isTTY: true,
    rawModes: [] as boolean[],
    setRawMode(raw: boolean) {
      stream.rawModes.push(raw);
      return stream;
    },
  });
  return stream;
}

type Run = { code: number | null; out: string; err: string };

async function run(args: string[], opts: Partial<ItCommandIo> & { input?: string } = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runItCommand(args, {
    stdin: opts.stdin ?? Readable.from(opts.input ? [Buffer.from(opts.input)] : []),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: opts.env ?? {},
    platform: opts.platform ?? 'linux',
    version: '9.8.7',
    installed: opts.installed ?? false,
    keychain: opts.keychain ?? new MemoryKeychain(),
  });
  return { code, out, err };
}

let dir: string;
const write = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-cli-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('telling a command from a normal start', () => {
  it.each([
    [[]],
    [['--config', '/etc/guichet/config.json']],
    [['--data-dir', '/srv/kiosk', '--dev']],
    [['--config', 'config']],
    [['--inspect=0', '--remote-debugging-port=0', '--no-sandbox']],
    [['-r', 'config']],
    [['/home/staff/Downloads/report.pdf']],
    [['check', 'config']],
    [['frobnicate']],
  ])('%j starts the app', async (args) => {
    expect(isItCommand(args)).toBe(false);
    expect(await run(args)).toEqual({ code: null, out: '', err: '' });
  });

  it.each([
    [['--version']],
    [['-v']],
    [['--help']],
    [['help']],
    [['config', 'schema']],
    [['--config', 'x.json', 'config', 'check']],
    [['--ozone-platform=headless', 'secrets', 'list']],
    [['audit', 'verify']],
    [['pin-hash']],
  ])('%j is a command', (args) => {
    expect(isItCommand(args)).toBe(true);
  });
});

describe('--version and --help', () => {
  it('prints the version alone, for scripts', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, out: '9.8.7\n', err: '' });
    expect(await run(['--config', 'a.json', '-v'])).toEqual({ code: 0, out: '9.8.7\n', err: '' });
    expect((await run(['--version', 'extra'])).code).toBe(2);
  });

  it('lists every command and the exit codes', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    for (const usage of ['--version', 'config check [FILE]', 'config schema', 'secrets set NAME', 'audit verify', 'pin-hash', 'Exit codes']) expect(out).toContain(usage);
  });

  it('answers unknown subcommands with the usage and exit code 2', async () => {
    for (const args of [['config'], ['config', 'lint'], ['config', 'schema', 'x'], ['audit'], ['audit', 'repair'], ['secrets']]) {
      const { code, err } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(err).toContain('usage: guichet');
    }
  });
});

describe('config check', () => {
  it('validates FILE and prints every problem with its JSON path, exit 1', async () => {
    const file = write('bad.json', { kiosk: { idleSeconds: 'soon', enable: true }, backend: { type: 'novell' } });
    const { code, out } = await run(['config', 'check', file]);
    expect(code).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines).toContainEqual(`config invalid: ${file}: kiosk.idleSeconds: expected a whole number from 5 to 3600, got a text`);
    expect(lines).toContainEqual(`config invalid: ${file}: kiosk: unknown key "enable" (did you mean "enabled"?)`);
    expect(lines).toContainEqual(`config invalid: ${file}: backend.type: expected "embedded", "ldap" or "graph" (got "novell")`);
  });

  it('says OK for a valid file, and names the secrets it uses', async () => {
    const plain = write('plain.json', { organization: { name: 'UM6SS' } });
    expect(await run(['config', 'check', plain])).toEqual({ code: 0, out: `OK: ${plain}\n`, err: '' });
    const withSecret = write('smtp.json', { delivery: { email: { type: 'smtp', host: 'smtp.example.org', from: 'guichet@example.org', user: 'g', password: 'secret:SMTP_PASSWORD' } } });
    const { code, out } = await run(['config', 'check', withSecret]);
    expect(code).toBe(0);
    expect(out).toContain('secrets used: SMTP_PASSWORD');
  });

  it('warns when a paid SMS or voice provider may send to more than 5 countries, and only then', async () => {
    const sid = 'AC' + '0123456789abcdef'.repeat(2);
    const twilio = { type: 'twilio', accountSid: sid, authToken: 'secret:TWILIO_TOKEN', from: '+15005550006' };
    const six = ['MA', 'FR', 'SN', 'TN', 'DZ', 'BE'];
    const paid = write('paid.json', { phone: { allowedCountries: six }, delivery: { sms: twilio } });
    const { code, out } = await run(['config', 'check', paid]);
    expect(code).toBe(0);
    expect(out).toContain('warning: phone.allowedCountries: 6 countries for a paid SMS or voice provider (delivery.sms: twilio)');
    const gateway = write('gateway.json', { phone: { allowedCountries: six }, delivery: { sms: { type: 'http', url: 'https://gw.example.org/send' } } });
    expect((await run(['config', 'check', gateway])).out).toContain('warning: phone.allowedCountries: 6 countries');
    for (const quiet of [
      { phone: { allowedCountries: six.slice(0, 5) }, delivery: { sms: twilio } },
      { phone: { allowedCountries: six } },
      { delivery: { sms: twilio } },
    ]) {
      expect((await run(['config', 'check', write('quiet.json', quiet)])).out).not.toContain('warning');
    }
  });

  it('requires audit.key with state.type "postgres" and with audit.syslog, saying why', async () => {
    const fleet = write('fleet.json', { kiosk: { id: 'kiosk-1' }, state: { type: 'postgres', postgres: { connectionString: 'secret:PG' } } });
    const { code, out } = await run(['config', 'check', fleet]);
    expect(code).toBe(1);
    expect(out).toContain(`config invalid: ${fleet}: audit.key: state.type "postgres" needs audit.key (a secret:NAME shared by the fleet)`);
    const siem = write('siem.json', { audit: { syslog: { host: 'siem.example.org', caFile: 'ca.pem' } } });
    expect((await run(['config', 'check', siem])).out).toContain(`config invalid: ${siem}: audit.key: audit.syslog needs audit.key`);
    const keyed = write('keyed.json', { kiosk: { id: 'kiosk-1' }, state: { type: 'postgres', postgres: { connectionString: 'secret:PG' } }, audit: { key: 'secret:AUDIT' } });
    expect(await run(['config', 'check', keyed])).toMatchObject({ code: 0 });
  });

  it('refuses what is not JSON, and a file that is not there', async () => {
    const broken = await run(['config', 'check', write('broken.json', '{ "kiosk": ')]);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/broken\.json: \(file\): not valid JSON/);
    const absent = await run(['config', 'check', path.join(dir, 'absent.json')]);
    expect(absent.code).toBe(1);
    expect(absent.out).toMatch(/absent\.json: \(file\): cannot be read/);
  });

  it('without FILE checks what the app would use: --config, then GUICHET_CONFIG, then the machine-wide file', async () => {
    const a = write('a.json', {});
    const b = write('b.json', { kiosk: { enabled: 'yes' } });
    expect((await run(['--config', a, 'config', 'check'], { env: { GUICHET_CONFIG: b } })).out).toBe(`OK: ${a}\n`);
    expect((await run(['config', 'check', '--config', a], { env: { GUICHET_CONFIG: b } })).out).toBe(`OK: ${a}\n`);
    const fromEnv = await run(['config', 'check'], { env: { GUICHET_CONFIG: b } });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.out).toContain(`${b}: kiosk.enabled:`);
    // No file anywhere: the app would run the built-in demo config, and IT is told which machine-wide path was looked at.
    expect(await run(['config', 'check'], { platform: 'darwin' })).toMatchObject({
      code: 0,
      out: 'OK: built-in demo config (no --config, no GUICHET_CONFIG, no /Library/Application Support/Guichet/config.json)\n',
    });
    expect((await run(['config', 'check'], { platform: 'win32', env: { ProgramData: 'D:\\NoSuchData' } })).out).toContain('no D:\\NoSuchData\\Guichet\\config.json)');
  });

  it('--secrets looks every secret up, names the missing ones and never prints a value', async () => {
    const file = write('ldap.json', {
      backend: {
        type: 'ldap',
        ldap: { url: 'ldaps://dc.example.org', bindDn: 'CN=svc', bindPassword: 'secret:LDAP_BIND', baseDn: 'DC=example,DC=org' },
      },
      delivery: { sms: { type: 'twilio', accountSid: `AC${'0'.repeat(32)}`, authToken: 'secret:TWILIO_TOKEN', from: '+15005550006' } },
    });
    const keychain = new MemoryKeychain();
    keychain.entries.set('LDAP_BIND', 'bind-value');
    const missing = await run(['config', 'check', file, '--secrets'], { keychain });
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/^config invalid: missing secret: TWILIO_TOKEN \(keychain service org\.guichet\.app, account TWILIO_TOKEN; or GUICHET_SECRET_TWILIO_TOKEN\)\n$/);
    const found = await run(['config', 'check', file, '--secrets'], { keychain, env: { GUICHET_SECRET_TWILIO_TOKEN: 'token-value' } });
    expect(found).toEqual({ code: 0, out: `OK: ${file}\nsecrets found: LDAP_BIND, TWILIO_TOKEN\n`, err: '' });
    expect(missing.out + found.out).not.toMatch(/bind-value|token-value/);
  });

  it('exits 2 on two files or an unknown option', async () => {
    expect((await run(['config', 'check', 'a.json', 'b.json'])).code).toBe(2);
    expect((await run(['config', 'check', '--strict'])).code).toBe(2);
  });
});

describe('config schema', () => {
  it('prints the JSON Schema the editors use', async () => {
    expect(await run(['config', 'schema'])).toEqual({ code: 0, out: configJsonSchemaText(), err: '' });
  });
});

describe('secrets and audit', () => {
  it('hands secrets to the keychain command', async () => {
    const keychain = new MemoryKeychain();
    expect(await run(['secrets', 'set', 'SMTP_PASSWORD'], { input: 's3cret\n', keychain })).toEqual({ code: 0, out: 'SMTP_PASSWORD stored\n', err: '' });
    expect(keychain.entries.get('SMTP_PASSWORD')).toBe('s3cret');
    expect(await run(['secrets', 'list'], { keychain })).toEqual({ code: 0, out: 'SMTP_PASSWORD\n', err: '' });
  });

  it('hands audit verify its arguments', async () => {
    const { code, out } = await run(['audit', 'verify', path.join(dir, 'absent.jsonl')]);
    expect(code).toBe(2);
    expect(out).toContain(`cannot read ${path.join(dir, 'absent.jsonl')}`);
  });
});

describe('attendant unblock', () => {
  it('lifts the lock left by wrong PINs in the kiosk\'s state file', async () => {
    const statePath = path.join(dir, 'state.sqlite');
    const store = new SqliteStateStore(statePath);
    const now = Date.now();
    // Without kiosk.id the app keys its failures by the host's name, as the command does.
    const failureKey = deviceKey(os.hostname(), pinFailureKey);
    const lockKey = deviceKey(os.hostname(), pinLockKey);
    for (let i = 0; i < pinFailures.max; i++) store.addEvent(failureKey, now);
    store.setValue(lockKey, String(now + 60_000));
    store.close();
    expect(await run(['attendant', 'unblock', '--state', statePath])).toEqual({ code: 0, out: 'attendant PIN unblocked on this device\n', err: '' });
    const after = new SqliteStateStore(statePath, { readonly: true });
    expect(after.countEvents(failureKey, 0)).toBe(0);
    expect(after.getValue(lockKey)).toBeUndefined();
    after.close();
  });

  it('needs the state file, and says so', async () => {
    expect((await run(['attendant', 'unblock'])).code).toBe(2);
    expect((await run(['attendant', 'unblock', '--state', path.join(dir, 'absent.sqlite')])).code).toBe(1);
    expect(fs.existsSync(path.join(dir, 'absent.sqlite'))).toBe(false);
  });
});

describe('pin-hash', () => {
  it('hashes a piped PIN for kiosk.attendantPinHash, without the line ending', async () => {
    const { code, out, err } = await run(['pin-hash'], { input: '482913\n' });
    expect(code).toBe(0);
    expect(err).toBe('');
    const hash = out.trimEnd();
    expect(out).toBe(`${hash}\n`);
    expect(hash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
    expect(await verifySecret('482913', hash)).toBe(true);
    expect(await verifySecret('482913\n', hash)).toBe(false);
  });

  it('refuses fewer than 6 characters, control characters, and a PIN on the command line', async () => {
    expect(await run(['pin-hash'], { input: '12345\n' })).toEqual({ code: 1, out: '', err: 'pin-hash: the PIN must have at least 6 characters; nothing printed\n' });
    expect((await run(['pin-hash'], { input: '' })).code).toBe(1);
    expect((await run(['pin-hash'], { input: '123\t456\n' })).err).toContain('control character');
    expect((await run(['pin-hash'], { input: `${'9'.repeat(65)}` })).err).toContain('at most 64');
    const onCommandLine = await run(['pin-hash', '482913']);
    expect(onCommandLine.code).toBe(2);
    expect(onCommandLine.err + onCommandLine.out).not.toContain('482913');
  });

  it('on a terminal, asks twice without echo and restores the terminal', async () => {
    const stdin = keyboard(['48', '29x\u007f', '13', '\r', '482913', '\r']);
    const { code, out, err } = await run(['pin-hash'], { stdin });
    expect(code).toBe(0);
    expect(await verifySecret('482913', out.trimEnd())).toBe(true);
    expect(err).toContain('not shown');
    expect(err).toContain('again');
    expect(err).not.toContain('4829');
    expect(stdin.rawModes).toEqual([true, false]);
  });

  it('on a terminal, takes a pasted PIN and its confirmation in one chunk', async () => {
    const { code, out } = await run(['pin-hash'], { stdin: keyboard(['482913\r482913\r']) });
    expect(code).toBe(0);
    expect(await verifySecret('482913', out.trimEnd())).toBe(true);
  });

  it('on a terminal, prints nothing when the two entries differ or on Ctrl-C', async () => {
    const differ = await run(['pin-hash'], { stdin: keyboard(['482913\r', '482914\r']) });
    expect(differ).toMatchObject({ code: 1, out: '' });
    expect(differ.err).toContain('differ');
    const cancelled = keyboard(['4829', '\u0003']);
    expect(await run(['pin-hash'], { stdin: cancelled })).toMatchObject({ code: 1, out: '' });
    expect(cancelled.rawModes).toEqual([true, false]);
  });

  it('reports a stream that fails as a failure, not a crash', async () => {
    const stdin = new Readable({ read() {
      this.destroy(new Error('input/output error'));
    } });
    expect(await run(['pin-hash'], { stdin })).toEqual({ code: 1, out: '', err: 'guichet pin-hash: input/output error\n' });
  });
});

describe('exitWhenFlushed', () => {
  it('exits once, after every stream has flushed what it was given', () => {
    const out = new PassThrough();
    const err = new PassThrough();
    const exit = vi.fn();
    out.write('x'.repeat(100_000));
    exitWhenFlushed([out, err], exit, 3);
    // The first stream still holds more than its buffer: nothing may exit before a reader drains it.
    expect(exit).not.toHaveBeenCalled();
    out.resume();
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        expect(exit).toHaveBeenCalledTimes(1);
        expect(exit).toHaveBeenCalledWith(3);
        resolve();
      }),
    );
  });
});
