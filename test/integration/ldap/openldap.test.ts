import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError, type Account } from '../../../electron/core/backends/identity-backend';
import { DirectoryConnector, discard, isUsable } from '../../../electron/core/backends/ldap/directory-connector';
import { LdapBackend } from '../../../electron/core/backends/ldap/ldap-backend';
import { systemClock } from '../../../electron/core/clock';
import type { LdapSection } from '../../../electron/core/config/sections/ldap';
import { makeDirectoryTls } from '../../support/directory-ca';
import { openldapSection, startSlapd, type SlapdServer } from '../../support/slapd-server';

let server: SlapdServer;
let backend: LdapBackend;

const passwords = {
  alice: 'Alice-Initial-Pass-1',
  bob: 'Bob-Initial-Pass-01',
  carol: 'Carol-Initial-Pass-1',
  dave: 'Dave-Initial-Pass-01',
  star: 'Star-Initial-Pass-01',
  twin: 'Twin-Initial-Pass-01',
};

function person(uid: string, fields: Record<string, string>, password: string): string {
  const lines = [`dn: uid=${uid},${server.peopleDn}`, 'objectClass: inetOrgPerson', 'objectClass: guichetPerson', `uid: ${uid}`];
  for (const [k, v] of Object.entries(fields)) lines.push(`${k}: ${v}`);
  lines.push(`userPassword: ${password}`);
  return lines.join('\n');
}

function section(overrides: Partial<Record<string, unknown>> = {}): LdapSection {
  return openldapSection(server, { connectTimeoutMs: 1000, timeoutMs: 2000, ...overrides });
}

function makeBackend(overrides: Partial<Record<string, unknown>> = {}): LdapBackend {
  return new LdapBackend({ config: section(overrides), bindPassword: server.servicePassword, defaultCountry: 'MA', clock: systemClock });
}

async function find(identifier: string): Promise<Account> {
  const account = await backend.findUser(identifier);
  if (!account) throw new Error(`${identifier} not found`);
  return account;
}

async function rejection(promise: Promise<unknown>): Promise<BackendError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BackendError);
  return err as BackendError;
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  server = await startSlapd();
  await server.add(
    [
      person('alice', { cn: 'Alice Martin', sn: 'Martin', displayName: 'Alice Martin', mail: 'alice@univ.test', mobile: '06 12 34 56 78', guichetAuthEmail: 'alice.perso@example.org' }, passwords.alice),
      person('bob', { cn: 'Bob Durand', sn: 'Durand', displayName: 'Bob Durand', mail: 'bob@univ.test', mobile: '+212 7 01 07 10 74' }, passwords.bob),
      person('carol', { cn: 'Carol Haddad', sn: 'Haddad', mail: 'carol@univ.test', mobile: '00212661234567' }, passwords.carol),
      person('dave', { cn: 'Dave Benali', sn: 'Benali', mail: 'dave@univ.test' }, passwords.dave),
      person('dupont*jean', { cn: 'Jean Dupont', sn: 'Dupont', mail: 'jean.dupont@univ.test' }, passwords.star),
      person('twin-a', { cn: 'Twin A', sn: 'A', mail: 'shared@univ.test' }, passwords.twin),
      person('twin-b', { cn: 'Twin B', sn: 'B', mail: 'shared@univ.test' }, passwords.twin),
    ].join('\n\n') + '\n',
  );
  backend = makeBackend();
});

afterAll(async () => {
  await backend?.close();
  await server?.close();
});

describe('OpenLDAP lookups', () => {
  it('finds an account by uid and by mail, whatever the case', async () => {
    const byUid = await find('alice');
    expect(byUid).toEqual({
      id: `uid=alice,${server.peopleDn}`,
      username: 'alice',
      displayName: 'Alice Martin',
      mail: 'alice@univ.test',
      disabled: false,
      locked: false,
    });
    expect(await backend.findUser('Alice@Univ.Test')).toEqual(byUid);
    expect(await backend.findUser('  alice ')).toEqual(byUid);
  });

  it('falls back on the username when there is no display name', async () => {
    expect((await find('carol')).displayName).toBe('carol');
  });

  it('answers null for nobody and for an identifier two accounts share', async () => {
    expect(await backend.findUser('nobody')).toBeNull();
    expect(await backend.findUser('shared@univ.test')).toBeNull();
    expect(await backend.findUser('')).toBeNull();
  });

  it.each(['*', '*)(uid=*', 'alice)(|(uid=*', '*)(|(objectClass=*', 'al*', 'alice)(uid=bob', '\\2a'])(
    'matches nothing for the injection attempt %j',
    async (input) => {
      expect(await backend.findUser(input)).toBeNull();
      expect(await backend.signIn(input, passwords.alice)).toEqual({ status: 'invalid' });
    },
  );

  it('matches special characters literally', async () => {
    expect((await find('dupont*jean')).username).toBe('dupont*jean');
    expect(await backend.findUser('dupont*')).toBeNull();
  });

  it('answers ping', async () => {
    expect(await backend.ping()).toBe(true);
  });
});

describe('OpenLDAP sign-in', () => {
  it('verifies the password by binding as the user', async () => {
    const result = await backend.signIn('bob', passwords.bob);
    expect(result.status).toBe('ok');
    expect(result.status === 'ok' && result.account.username).toBe('bob');
    expect(await backend.signIn('bob@univ.test', passwords.bob)).toMatchObject({ status: 'ok' });
  });

  it('refuses a wrong password, an unknown account and an empty password alike', async () => {
    expect(await backend.signIn('bob', 'Not-Bobs-Password-1')).toEqual({ status: 'invalid' });
    expect(await backend.signIn('nobody', passwords.bob)).toEqual({ status: 'invalid' });
    // An empty password would make the bind anonymous, which servers accept.
    expect(await backend.signIn('bob', '')).toEqual({ status: 'invalid' });
  });
});

describe('OpenLDAP methods', () => {
  it('reads phones stored in any format as E.164, and the authentication email', async () => {
    expect(await backend.getMethods(await find('alice'))).toEqual({ phone: '+212612345678', email: 'alice.perso@example.org' });
    expect(await backend.getMethods(await find('bob'))).toEqual({ phone: '+212701071074', email: undefined });
    expect(await backend.getMethods(await find('carol'))).toEqual({ phone: '+212661234567', email: undefined });
    expect(await backend.getMethods(await find('dave'))).toEqual({ phone: undefined, email: undefined });
  });

  it('writes the mobile in the configured format and removes it', async () => {
    const dave = await find('dave');
    await backend.setPhone(dave, '+212701071074');
    expect((await server.read(dave.id, ['mobile'])).mobile).toEqual(['+212 701071074']);
    expect((await backend.getMethods(dave)).phone).toBe('+212701071074');

    const e164Backend = makeBackend({ phoneFormat: 'e164' });
    try {
      await e164Backend.setPhone(dave, '+33612345678');
      expect((await server.read(dave.id, ['mobile'])).mobile).toEqual(['+33612345678']);
    } finally {
      await e164Backend.close();
    }

    await backend.setPhone(dave, null);
    expect((await server.read(dave.id, ['mobile'])).mobile).toBeUndefined();
    expect((await backend.getMethods(dave)).phone).toBeUndefined();
  });

  it('keeps exactly one authentication email', async () => {
    const dave = await find('dave');
    await server.modify(`dn: ${dave.id}\nchangetype: modify\nadd: guichetAuthEmail\nguichetAuthEmail: old-1@example.org\nguichetAuthEmail: old-2@example.org\n`);
    await backend.setEmail(dave, 'dave.perso@example.org');
    expect((await server.read(dave.id, ['guichetAuthEmail'])).guichetAuthEmail).toEqual(['dave.perso@example.org']);
    expect((await backend.getMethods(dave)).email).toBe('dave.perso@example.org');
    await backend.setEmail(dave, null);
    expect((await server.read(dave.id, ['guichetAuthEmail'])).guichetAuthEmail).toBeUndefined();
  });

  it('cannot write attributes the ACLs keep from the service account', async () => {
    const scoped = makeBackend({ attributes: { username: 'uid', alternateEmail: 'description' } });
    try {
      const err = await rejection(scoped.setEmail(await find('dave'), 'x@example.org'));
      expect(err.kind).toBe('permission');
    } finally {
      await scoped.close();
    }
  });
});

describe('OpenLDAP password reset (Password Modify + ppolicy)', () => {
  it('refuses a too-short password with the mapped reason, changing nothing', async () => {
    const carol = await find('carol');
    const err = await rejection(backend.resetPassword(carol, 'Short-1!'));
    expect(err.kind).toBe('policy-violation');
    expect(err.reasons).toEqual(['too-short']);
    expect(await server.canBind(carol.id, passwords.carol)).toBe(true);
  });

  it('resets, after which only the new password binds', async () => {
    const carol = await find('carol');
    await backend.resetPassword(carol, 'Carol-Second-Pass-2');
    expect(await server.canBind(carol.id, 'Carol-Second-Pass-2')).toBe(true);
    expect(await server.canBind(carol.id, passwords.carol)).toBe(false);
    expect(await backend.signIn('carol', 'Carol-Second-Pass-2')).toMatchObject({ status: 'ok' });
    const stored = await server.read(carol.id, ['userPassword']);
    expect(stored.userPassword?.[0]).toMatch(/^\{SSHA\}/);
  });

  it('refuses a password in the history with the mapped reason', async () => {
    const carol = await find('carol');
    const err = await rejection(backend.resetPassword(carol, passwords.carol));
    expect(err.kind).toBe('policy-violation');
    expect(err.reasons).toEqual(['directory-history']);
    const same = await rejection(backend.resetPassword(carol, 'Carol-Second-Pass-2'));
    expect(same.reasons).toEqual(['directory-history']);
    expect(await server.canBind(carol.id, 'Carol-Second-Pass-2')).toBe(true);
  });

  it('sees a ppolicy lock, never reveals it at sign-in, and a reset lifts it', async () => {
    for (let i = 0; i < server.policy.maxFailure; i++) {
      expect(await backend.signIn('dave', `Wrong-Password-${i}0`)).toEqual({ status: 'invalid' });
    }
    const dave = await find('dave');
    expect(dave.locked).toBe(true);
    // The right password on a locked account looks like any wrong one: nothing for a stranger to learn.
    expect(await backend.signIn('dave', passwords.dave)).toEqual({ status: 'invalid' });
    await backend.resetPassword(dave, 'Dave-Second-Pass-02');
    expect((await find('dave')).locked).toBe(false);
    expect(await backend.signIn('dave', 'Dave-Second-Pass-02')).toMatchObject({ status: 'ok' });
  });
});

describe('OpenLDAP unlock (ppolicy)', () => {
  const pass = 'Lena-Initial-Pass-01';
  beforeAll(async () => {
    await server.add(
      [person('lena', { cn: 'Lena Amrani', sn: 'Amrani' }, pass), person('omar', { cn: 'Omar Fassi', sn: 'Fassi' }, 'Omar-Initial-Pass-01')].join('\n\n') + '\n',
    );
  });

  it('clears a lock left by pwdMaxFailure, after which the old password binds', async () => {
    const lena = await find('lena');
    expect(await backend.locks.status(lena)).toBe('not-locked');
    expect(await backend.locks.unlock(lena)).toBe('not-locked');
    for (let i = 0; i < server.policy.maxFailure; i++) await backend.signIn('lena', `Wrong-Password-${i}0`);
    expect(await backend.locks.status(lena)).toBe('locked');
    expect(await backend.signIn('lena', pass)).toEqual({ status: 'invalid' });
    expect(await backend.locks.unlock(lena)).toBe('unlocked');
    expect(await server.read(lena.id, ['pwdAccountLockedTime', 'pwdFailureTime'])).toEqual({});
    expect(await backend.locks.status(lena)).toBe('not-locked');
    expect(await backend.signIn('lena', pass)).toMatchObject({ status: 'ok' });
  });

  it("never lifts an administrator's lock", async () => {
    const omar = await find('omar');
    await server.modify(`dn: ${omar.id}\nchangetype: modify\nreplace: pwdAccountLockedTime\npwdAccountLockedTime: 000001010000Z\n`);
    expect(await backend.locks.status(omar)).toBe('administrative');
    expect(await backend.locks.unlock(omar)).toBe('administrative');
    expect((await server.read(omar.id, ['pwdAccountLockedTime'])).pwdAccountLockedTime).toEqual(['000001010000Z']);
  });
});

describe('OpenLDAP change of password (Password Modify as the user)', () => {
  const policyEntry = (cn: string, rule: string) =>
    `dn: cn=${cn},ou=policies,${server.suffix}\nobjectClass: applicationProcess\nobjectClass: pwdPolicy\ncn: ${cn}\npwdAttribute: userPassword\npwdMinLength: ${server.policy.minLength}\npwdCheckQuality: 2\npwdInHistory: ${server.policy.inHistory}\n${rule}`;
  const under = (cn: string) => ({ pwdPolicySubentry: `cn=${cn},ou=policies,${server.suffix}` });

  beforeAll(async () => {
    await server.add(
      [
        policyEntry('must-change', 'pwdMustChange: TRUE'),
        policyEntry('one-second', 'pwdMaxAge: 1'),
        person('paul', { cn: 'Paul Kadiri', sn: 'Kadiri' }, 'Paul-Initial-Pass-01'),
        person('rita', { cn: 'Rita Naciri', sn: 'Naciri', ...under('must-change') }, 'Rita-Initial-Pass-01'),
        person('sami', { cn: 'Sami Berrada', sn: 'Berrada', ...under('one-second') }, 'Sami-Initial-Pass-01'),
      ].join('\n\n') + '\n',
    );
  });

  it('changes as the user, after which only the new password binds', async () => {
    const paul = await find('paul');
    await backend.changePassword(paul, 'Paul-Initial-Pass-01', 'Paul-Second-Pass-02');
    expect(await server.canBind(paul.id, 'Paul-Second-Pass-02')).toBe(true);
    expect(await server.canBind(paul.id, 'Paul-Initial-Pass-01')).toBe(false);
  });

  it("shows ppolicy's quality and history refusals and changes nothing", async () => {
    const paul = await find('paul');
    const short = await rejection(backend.changePassword(paul, 'Paul-Second-Pass-02', 'Short-1!'));
    expect(short.kind).toBe('policy-violation');
    expect(short.reasons).toEqual(['too-short']);
    const reused = await rejection(backend.changePassword(paul, 'Paul-Second-Pass-02', 'Paul-Initial-Pass-01'));
    expect(reused.reasons).toEqual(['directory-history']);
    expect((await rejection(backend.changePassword(paul, 'Not-Pauls-Pass-01', 'Paul-Third-Pass-03'))).kind).toBe('invalid-credentials');
    expect(await server.canBind(paul.id, 'Paul-Second-Pass-02')).toBe(true);
  });

  it('says "must change" for pwdReset after the right password only, and the change ends it', async () => {
    const rita = await find('rita');
    await server.modify(`dn: ${rita.id}\nchangetype: modify\nreplace: pwdReset\npwdReset: TRUE\n`);
    expect(await backend.signIn('rita', 'Rita-Initial-Pass-01')).toMatchObject({ status: 'ok', mustChange: 'initial' });
    expect(await backend.signIn('rita', 'Not-Ritas-Pass-01')).toEqual({ status: 'invalid' });
    await backend.changePassword(rita, 'Rita-Initial-Pass-01', 'Rita-Chosen-Pass-02');
    expect(await server.read(rita.id, ['pwdReset'])).toEqual({});
    expect(await backend.signIn('rita', 'Rita-Chosen-Pass-02')).not.toHaveProperty('mustChange');
  });

  it('says "expired" after the right password of an expired one, and sets the new one', async () => {
    // pwdMaxAge is one second: waiting is the only way to age a password slapd stamped itself.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const sami = await find('sami');
    expect(await backend.signIn('sami', 'Sami-Initial-Pass-01')).toMatchObject({ status: 'ok', mustChange: 'expired' });
    expect(await backend.signIn('sami', 'Not-Samis-Pass-01')).toEqual({ status: 'invalid' });
    expect((await rejection(backend.changePassword(sami, 'Sami-Initial-Pass-01', 'Short-1!'))).reasons).toEqual(['too-short']);
    await backend.changePassword(sami, 'Sami-Initial-Pass-01', 'Sami-Chosen-Pass-02');
    expect(await server.canBind(sami.id, 'Sami-Chosen-Pass-02')).toBe(true);
  });
});

describe('OpenLDAP connections', () => {
  it('refuses a cleartext URL before connecting', () => {
    expect(
      () =>
        new LdapBackend({
          config: { ...section(), startTls: false },
          bindPassword: server.servicePassword,
          defaultCountry: 'MA',
          clock: systemClock,
        }),
    ).toThrow(/backend\.ldap\.url: ldap:\/\/127\.0\.0\.1:\d+ is cleartext/);
  });

  it('works over ldaps:// as well as StartTLS', async () => {
    const overLdaps = makeBackend({ url: server.ldapsUrl, startTls: false });
    try {
      expect((await overLdaps.findUser('alice'))?.username).toBe('alice');
      expect(await overLdaps.signIn('bob', passwords.bob)).toMatchObject({ status: 'ok' });
    } finally {
      await overLdaps.close();
    }
  });

  it('moves on to the next URL when the first does not answer', async () => {
    const failover = makeBackend({ url: [`ldap://127.0.0.1:${await closedPort()}`, server.url] });
    try {
      expect((await failover.findUser('alice'))?.username).toBe('alice');
      expect(await failover.signIn('bob', passwords.bob)).toMatchObject({ status: 'ok' });
    } finally {
      await failover.close();
    }
  });

  it('tries a server that did not answer only after the others, for 30 seconds', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `ldap://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    let now = 1_000_000;
    const clock = { now: () => now };
    const failover = new LdapBackend({
      config: section({ url: [silentUrl, server.url], connectTimeoutMs: 1000, timeoutMs: 1000 }),
      bindPassword: server.servicePassword,
      defaultCountry: 'MA',
      clock,
    });
    const timed = async (f: () => Promise<unknown>) => {
      const started = Date.now();
      expect(await f()).toBeTruthy();
      return Date.now() - started;
    };
    try {
      // The silent server holds each attempt for the 1000 ms operation timeout; slapd answers in a few ms.
      expect(await timed(() => failover.findUser('alice'))).toBeGreaterThanOrEqual(990);
      expect(await timed(() => failover.signIn('bob', passwords.bob))).toBeLessThan(700);
      now += 30_001;
      expect(await timed(() => failover.signIn('bob', passwords.bob))).toBeGreaterThanOrEqual(990);
    } finally {
      await failover.close();
      silent.close();
    }
  });

  it('verifies the directory certificate against caFile', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'guichet-other-ca-'));
    const other = new LdapBackend({
      config: section({ caFile: makeDirectoryTls(dir).caFile }),
      bindPassword: server.servicePassword,
      defaultCountry: 'MA',
      clock: systemClock,
    });
    try {
      const err = await rejection(other.findUser('alice'));
      expect(err.kind).toBe('unavailable');
      expect(err.message).toMatch(/certificate/i);
    } finally {
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a wrong service password as a permission problem', async () => {
    const wrong = new LdapBackend({ config: section(), bindPassword: 'not-the-password', defaultCountry: 'MA', clock: systemClock });
    try {
      expect((await rejection(wrong.findUser('alice'))).kind).toBe('permission');
      expect(await wrong.ping()).toBe(false);
    } finally {
      await wrong.close();
    }
  });

  it('turns a server killed mid-flow into unavailable, writes nothing, and recovers after a restart', async () => {
    const bob = await find('bob');
    expect(await backend.ping()).toBe(true);

    await server.kill();
    const started = Date.now();
    expect((await rejection(backend.findUser('bob'))).kind).toBe('unavailable');
    expect((await rejection(backend.signIn('bob', passwords.bob))).kind).toBe('unavailable');
    expect((await rejection(backend.setPhone(bob, '+212612345699'))).kind).toBe('unavailable');
    expect((await rejection(backend.resetPassword(bob, 'Bob-Never-Applied-1'))).kind).toBe('unavailable');
    expect(await backend.ping()).toBe(false);
    // Refused connections fail fast; nothing waited for a timeout.
    expect(Date.now() - started).toBeLessThan(5000);

    await server.start();
    expect((await backend.findUser('bob'))?.id).toBe(bob.id);
    expect(await backend.ping()).toBe(true);
    expect(await server.canBind(bob.id, passwords.bob)).toBe(true);
    expect((await server.read(bob.id, ['mobile'])).mobile).toEqual(['+212 7 01 07 10 74']);
    await backend.setPhone(bob, '+212612345699');
    expect((await backend.getMethods(bob)).phone).toBe('+212612345699');
  });

  it('never lets ldapts reconnect a dropped client by itself, unbound (and, with StartTLS, in cleartext)', async () => {
    const connector = (url: string) =>
      new DirectoryConnector({
        urls: [url],
        startTls: true,
        ca: readFileSync(server.caFile, 'utf8'),
        connectTimeoutMs: 500,
        timeoutMs: 500,
        clock: systemClock,
      });
    const overLdaps = await connector(server.ldapsUrl).bind(server.serviceDn, server.servicePassword);
    const overStartTls = await connector(server.url).bind(server.serviceDn, server.servicePassword);
    expect(isUsable(overLdaps) && isUsable(overStartTls)).toBe(true);
    await server.stop();
    await server.start();
    expect(isUsable(overLdaps)).toBe(false);
    expect(isUsable(overStartTls)).toBe(false);
    // Left to itself, ldapts would open a new connection here and search without binding.
    await expect(overLdaps.search(server.peopleDn, { filter: '(uid=alice)' })).rejects.toThrow(/directory connection lost/);
    // ldapts believes a dropped StartTLS connection is still open: the operation goes nowhere and times out.
    await expect(overStartTls.search(server.peopleDn, { filter: '(uid=alice)' })).rejects.toThrow();
    discard(overLdaps);
    discard(overStartTls);
  });

  it('replaces a pooled connection the server dropped while idle', async () => {
    await backend.findUser('alice');
    await server.stop();
    await server.start();
    // The first operation after the restart succeeds at once: the closed connection is noticed and
    // replaced instead of waiting for an answer that cannot come (timeoutMs is 2000 here).
    const started = Date.now();
    expect((await backend.findUser('alice'))?.username).toBe('alice');
    expect(Date.now() - started).toBeLessThan(1000);
    await backend.resetPassword(await find('bob'), 'Bob-Second-Pass-02');
    expect(await server.canBind((await find('bob')).id, 'Bob-Second-Pass-02')).toBe(true);
  });
});
