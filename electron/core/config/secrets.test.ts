import { describe, expect, it } from 'vitest';
import { configSchema } from './schema';
import {
  MissingSecretError,
  configSecretNames,
  envName,
  keychainService,
  resolveConfigSecrets,
  resolveSecret,
  secretName,
  type Keychain,
} from './secrets';

class MemoryKeychain implements Keychain {
  readonly entries = new Map<string, string>();
  constructor(initial: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(initial)) this.entries.set(k, v);
  }
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

const brokenKeychain: Keychain = {
  getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  setPassword: () => Promise.reject(new Error('no keychain')),
  deletePassword: () => Promise.reject(new Error('no keychain')),
  findCredentials: () => Promise.reject(new Error('no keychain')),
};

describe('resolveSecret', () => {
  it('reads the keychain first', async () => {
    const keychain = new MemoryKeychain({ LDAP_BIND: 'from-keychain' });
    await expect(resolveSecret('secret:LDAP_BIND', { keychain, env: { GUICHET_SECRET_LDAP_BIND: 'from-env' } })).resolves.toBe('from-keychain');
  });

  it('falls back on GUICHET_SECRET_NAME, also when the keychain cannot be reached', async () => {
    await expect(resolveSecret('secret:LDAP_BIND', { keychain: new MemoryKeychain(), env: { GUICHET_SECRET_LDAP_BIND: 'e' } })).resolves.toBe('e');
    await expect(resolveSecret('secret:LDAP_BIND', { keychain: brokenKeychain, env: { GUICHET_SECRET_LDAP_BIND: 'e' } })).resolves.toBe('e');
  });

  it('names a missing secret, never a value', async () => {
    const err = await resolveSecret('secret:SMS_TOKEN', { keychain: brokenKeychain, env: { GUICHET_SECRET_OTHER: 'hunter2' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingSecretError);
    const message = (err as MissingSecretError).message;
    expect(message).toContain('SMS_TOKEN');
    expect(message).toContain(keychainService);
    expect(message).toContain('GUICHET_SECRET_SMS_TOKEN');
    expect(message).toContain('D-Bus');
    expect(message).not.toContain('hunter2');
    expect((err as MissingSecretError).names).toEqual(['SMS_TOKEN']);
  });

  it('treats an empty value as missing', async () => {
    await expect(resolveSecret('secret:X', { keychain: new MemoryKeychain({ X: '' }), env: { GUICHET_SECRET_X: '' } })).rejects.toBeInstanceOf(
      MissingSecretError,
    );
  });

  it('refuses what is not a reference', async () => {
    await expect(resolveSecret('hunter2', { keychain: new MemoryKeychain() })).rejects.toThrow(/secret:NAME/);
    expect(() => secretName('secret:bad-name')).toThrow();
    expect(envName('A_1')).toBe('GUICHET_SECRET_A_1');
  });
});

const ldapConfig = (type: 'embedded' | 'ldap') =>
  configSchema.parse({
    backend: {
      type,
      ldap: {
        url: 'ldaps://dc.univ.test',
        bindDn: 'CN=svc,DC=univ,DC=test',
        bindPassword: 'secret:LDAP_BIND',
        baseDn: 'DC=univ,DC=test',
      },
    },
  });

describe('configSecretNames', () => {
  it('finds the references of the backend in use', () => {
    expect(configSecretNames(ldapConfig('ldap'))).toEqual(['LDAP_BIND']);
  });

  it('leaves out the section of a backend not in use', () => {
    expect(configSecretNames(ldapConfig('embedded'))).toEqual([]);
  });
});

describe('resolveConfigSecrets', () => {
  it('returns name → value', async () => {
    const secrets = await resolveConfigSecrets(ldapConfig('ldap'), { keychain: new MemoryKeychain({ LDAP_BIND: 'pw' }), env: {} });
    expect([...secrets]).toEqual([['LDAP_BIND', 'pw']]);
  });

  it('throws MissingSecretError listing what is missing', async () => {
    const err = await resolveConfigSecrets(ldapConfig('ldap'), { keychain: new MemoryKeychain(), env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingSecretError);
    expect((err as MissingSecretError).names).toEqual(['LDAP_BIND']);
    expect((err as Error).message).toMatch(/^missing secret: LDAP_BIND/);
  });
});
