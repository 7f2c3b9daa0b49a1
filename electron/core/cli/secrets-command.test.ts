import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runSecretsCommand } from './secrets-command';
import type { Keychain } from '../config/secrets';

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

async function run(argv: string[], stdin = '', keychain: Keychain = new MemoryKeychain()) {
  let out = '';
  let err = '';
  const code = await runSecretsCommand(argv, {
    stdin: Readable.from(stdin ? [Buffer.from(stdin)] : []),
    out: (s) => (out += s),
    err: (s) => (err += s),
    keychain,
  });
  return { code, out, err };
}

describe('secrets set', () => {
  it('stores the value read from stdin, without one trailing newline', async () => {
    const keychain = new MemoryKeychain();
    expect((await run(['set', 'LDAP_BIND'], 'p@ss word\n', keychain)).code).toBe(0);
    expect(keychain.entries.get('LDAP_BIND')).toBe('p@ss word');
    await run(['set', 'CRLF'], 'v\r\n', keychain);
    expect(keychain.entries.get('CRLF')).toBe('v');
    await run(['set', 'TWO'], 'v\n\n', keychain);
    expect(keychain.entries.get('TWO')).toBe('v\n');
  });

  it('accepts a leading "secrets" word', async () => {
    const keychain = new MemoryKeychain();
    expect((await run(['secrets', 'set', 'A'], 'x', keychain)).code).toBe(0);
    expect(keychain.entries.get('A')).toBe('x');
  });

  it('refuses a value on the command line and never echoes it', async () => {
    const keychain = new MemoryKeychain();
    const result = await run(['set', 'A', 'hunter2'], '', keychain);
    expect(result.code).toBe(2);
    expect(result.err).toContain('standard input');
    expect(result.err + result.out).not.toContain('hunter2');
    expect(keychain.entries.size).toBe(0);
  });

  it('fails on empty input and on bad names', async () => {
    expect((await run(['set', 'A'], '\n')).code).toBe(1);
    expect((await run(['set', 'bad-name'], 'x')).code).toBe(2);
    expect((await run(['set'], 'x')).code).toBe(2);
  });

  it('reports a keychain that refuses', async () => {
    const broken = new MemoryKeychain();
    broken.setPassword = () => Promise.reject(new Error('locked collection'));
    const result = await run(['set', 'A'], 'x', broken);
    expect(result.code).toBe(1);
    expect(result.err).toContain('locked collection');
  });
});

describe('secrets set on a terminal', () => {
  function terminal(keys: string[]) {
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

  async function typed(keys: string[]) {
    const keychain = new MemoryKeychain();
    const stdin = terminal(keys);
    let err = '';
    const code = await runSecretsCommand(['set', 'A'], { stdin, out: () => undefined, err: (s) => (err += s), keychain });
    return { code, err, stored: keychain.entries.get('A'), rawModes: stdin.rawModes };
  }

  it('reads the value without echo, erasing on Backspace, and restores the terminal', async () => {
    const result = await typed(['pa', 'sx\u007f', 's é', '\r', 'ignored']);
    expect(result).toMatchObject({ code: 0, stored: 'pass é', rawModes: [true, false] });
    expect(result.err).toContain('not shown');
    expect(result.err).not.toContain('pass');
  });

  it('gives up on Ctrl-C without storing anything', async () => {
    const result = await typed(['secr', '\u0003']);
    expect(result.code).toBe(1);
    expect(result.stored).toBeUndefined();
    expect(result.rawModes).toEqual([true, false]);
  });
});

describe('secrets list and delete', () => {
  it('lists names only, sorted', async () => {
    const keychain = new MemoryKeychain();
    keychain.entries.set('SMS', 'value-one');
    keychain.entries.set('LDAP', 'value-two');
    const result = await run(['list'], '', keychain);
    expect(result).toEqual({ code: 0, out: 'LDAP\nSMS\n', err: '' });
  });

  it('deletes, and says when there was nothing to delete', async () => {
    const keychain = new MemoryKeychain();
    keychain.entries.set('A', 'x');
    expect((await run(['delete', 'A'], '', keychain)).code).toBe(0);
    expect(keychain.entries.has('A')).toBe(false);
    const again = await run(['delete', 'A'], '', keychain);
    expect(again.code).toBe(1);
    expect(again.err).toContain('no secret named A');
  });
});

describe('usage', () => {
  it('exits 2 with usage on unknown or missing commands', async () => {
    for (const argv of [[], ['get', 'A'], ['list', 'extra'], ['delete']]) {
      const result = await run(argv);
      expect(result.code).toBe(2);
      expect(result.err).toContain('usage: guichet secrets set NAME');
    }
  });
});
