import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../clock';
import { configSchema } from '../../config/schema';
import { MissingSecretError } from '../../config/secrets';
import { ldapSection } from '../../config/sections/ldap';
import { BackendError } from '../identity-backend';
import { LdapBackend, openLdapBackend } from './ldap-backend';

const base = {
  bindDn: 'cn=guichet,ou=services,dc=univ,dc=test',
  bindPassword: 'secret:LDAP_BIND',
  baseDn: 'ou=people,dc=univ,dc=test',
  connectTimeoutMs: 300,
  timeoutMs: 300,
};

function backendFor(overrides: Record<string, unknown>): LdapBackend {
  return new LdapBackend({ config: ldapSection.parse({ ...base, ...overrides }), bindPassword: 'pw', defaultCountry: 'MA', clock: systemClock });
}

/** A TCP server that accepts connections and never says a word. */
let silent: net.Server;
let silentPort: number;
let closedPort: number;
const held: net.Socket[] = [];

beforeAll(async () => {
  silent = net.createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as net.AddressInfo).port;
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe('LdapBackend configuration checks', () => {
  it('refuses a cleartext URL, naming backend.ldap.url', () => {
    const config = { ...ldapSection.parse({ ...base, url: 'ldaps://dc.univ.test' }), url: ['ldaps://dc1.univ.test', 'ldap://dc2.univ.test'] };
    expect(() => new LdapBackend({ config, bindPassword: 'pw', defaultCountry: 'MA', clock: systemClock })).toThrow(
      /^backend\.ldap\.url: ldap:\/\/dc2\.univ\.test is cleartext/,
    );
  });

  it('names backend.ldap.caFile when it cannot be read', () => {
    expect(() => backendFor({ url: 'ldaps://dc.univ.test', caFile: '/nonexistent/ca.pem' })).toThrow(/^backend\.ldap\.caFile: cannot read/);
  });

  it('names backend.ldap.userFilter when the filter is broken', () => {
    expect(() => backendFor({ url: 'ldaps://dc.univ.test', userFilter: '(uid={input}' })).toThrow(/backend\.ldap\.userFilter/);
  });

  it('builds from a whole config and its resolved secrets', async () => {
    const config = configSchema.parse({ backend: { type: 'ldap', ldap: { ...base, url: 'ldaps://dc.univ.test' } } });
    const context = (secrets: Map<string, string>) => ({ secrets, clock: systemClock, sleeper: async () => {}, database: '', lockoutKey: async () => Buffer.alloc(32) });
    const backend = await openLdapBackend(config, context(new Map([['LDAP_BIND', 'pw']])));
    expect(backend.capabilities).toEqual({ methods: ['phone', 'email'], signIn: 'password' });
    await backend.close();
    await expect(openLdapBackend(config, context(new Map()))).rejects.toThrow(MissingSecretError);
  });
});

describe('LdapBackend when the directory does not answer', () => {
  it('reports a refused connection as unavailable, and ping as false', async () => {
    const backend = backendFor({ url: `ldaps://127.0.0.1:${closedPort}` });
    const err = await backend.findUser('alice').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).kind).toBe('unavailable');
    expect((await backend.signIn('alice', 'pw').catch((e: BackendError) => e)) as BackendError).toMatchObject({ kind: 'unavailable' });
    expect(await backend.ping()).toBe(false);
    await backend.close();
  });

  it.each([
    ['an ldaps:// TLS handshake', (port: number) => ({ url: `ldaps://127.0.0.1:${port}` })],
    ['a StartTLS request', (port: number) => ({ url: `ldap://127.0.0.1:${port}`, startTls: true })],
  ])('gives up on a server that accepts and never answers %s, within the timeouts', async (_, config) => {
    const backend = backendFor(config(silentPort));
    const started = Date.now();
    const err = await backend.findUser('alice').catch((e: unknown) => e);
    expect((err as BackendError).kind).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(base.connectTimeoutMs + base.timeoutMs + 500);
    await backend.close();
  });

  it('answers after close as unavailable instead of reconnecting', async () => {
    const backend = backendFor({ url: `ldaps://127.0.0.1:${closedPort}` });
    await backend.close();
    expect(((await backend.findUser('alice').catch((e: unknown) => e)) as BackendError).kind).toBe('unavailable');
  });
});
