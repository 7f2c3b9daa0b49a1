import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError, type Account } from '../../../electron/core/backends/identity-backend';
import { AttendantSignIn } from '../../../electron/core/attendant/attendant-sign-in';
import { LdapBackend } from '../../../electron/core/backends/ldap/ldap-backend';
import { systemClock } from '../../../electron/core/clock';
import { ldapSection } from '../../../electron/core/config/sections/ldap';
import { createHarness } from '../../support/broker-harness';
import { checkVariantRelations, strangerNames } from '../../support/enumeration-property';
import { startSambaDc, type SambaDc } from '../../support/samba-dc';

// Samba binds the fixed ports 389/636: every Active Directory test lives in this one file, against one DC.

let dc: SambaDc;
let backend: LdapBackend;
const dns: Record<string, string> = {};

const passwords = {
  alice: 'Alice!Initial-1',
  bob: 'Bob!Initial-01',
  carol: 'Carol!Initial-1',
  dave: 'Dave!Initial-01',
  erin: 'Erin!Initial-01',
  gina: 'Gina!Initial-01',
  hugo: 'Hugo!Initial-01',
  ines: 'Ines!Initial-01',
};

function makeBackend(overrides: Record<string, unknown> = {}): LdapBackend {
  return new LdapBackend({
    config: ldapSection.parse({
      url: dc.url,
      caFile: dc.caFile,
      connectTimeoutMs: 2000,
      timeoutMs: 5000,
      bindDn: dc.serviceDn,
      bindPassword: 'secret:AD_BIND',
      baseDn: dc.staffDn,
      flavor: 'ad',
      ...overrides,
    }),
    bindPassword: dc.servicePassword,
    defaultCountry: 'MA',
    clock: systemClock,
  });
}

async function find(identifier: string, from: LdapBackend = backend): Promise<Account> {
  const account = await from.findUser(identifier);
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

async function lockOut(username: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    expect(await backend.signIn(username, `Wrong!Guess-${i}x`)).toEqual({ status: 'invalid' });
  }
}

beforeAll(async () => {
  dc = await startSambaDc();
  dns.alice = await dc.createUser({ name: 'alice', password: passwords.alice, mail: 'alice.martin@univ.test', givenName: 'Alice', surname: 'Martin' });
  dns.bob = await dc.createUser({ name: 'bob', password: passwords.bob, mail: 'bob.durand@univ.test', givenName: 'Bob', surname: 'Durand' });
  dns.carol = await dc.createUser({ name: 'carol', password: passwords.carol, givenName: 'Carol', surname: 'Haddad' });
  dns.dave = await dc.createUser({ name: 'dave', password: passwords.dave });
  dns.erin = await dc.createUser({ name: 'erin', password: passwords.erin });
  await dc.modify(dns.alice, 'replace: mobile\nmobile: 06 12 34 56 78\n-\nreplace: otherMailbox\notherMailbox: alice.perso@example.org');
  await dc.modify(dns.bob, 'replace: mobile\nmobile: 00212 701 07 10 74');
  await dc.tool(['user', 'disable', 'dave']);
  backend = makeBackend();
}, 120_000);

afterAll(async () => {
  await backend?.close();
  await dc?.close();
});

describe('Active Directory lookups', () => {
  it('finds an account by sAMAccountName, userPrincipalName and mail', async () => {
    const alice = await find('alice');
    expect(alice).toEqual({
      id: dns.alice,
      username: 'alice',
      displayName: 'Alice Martin',
      mail: 'alice.martin@univ.test',
      disabled: false,
      locked: false,
      privileged: false,
    });
    expect(await backend.findUser('alice@guichet.test')).toEqual(alice);
    expect(await backend.findUser('alice.martin@univ.test')).toEqual(alice);
    expect(await backend.findUser('ALICE')).toEqual(alice);
  });

  it('answers null for nobody and for injection attempts', async () => {
    for (const input of ['nobody', '*', '*)(sAMAccountName=*', 'alice)(|(mail=*', 'a*']) {
      expect(await backend.findUser(input)).toBeNull();
    }
  });

  it('reports a disabled account and a privileged one', async () => {
    expect((await find('dave')).disabled).toBe(true);
    const wholeDomain = makeBackend({ baseDn: dc.domainDn });
    try {
      expect((await find('Administrator', wholeDomain)).privileged).toBe(true);
    } finally {
      await wholeDomain.close();
    }
  });

  it('answers ping', async () => {
    expect(await backend.ping()).toBe(true);
  });
});

describe('Active Directory sign-in', () => {
  it('verifies the password by binding as the user', async () => {
    expect(await backend.signIn('alice', passwords.alice)).toMatchObject({ status: 'ok', account: { id: dns.alice } });
    expect(await backend.signIn('alice@guichet.test', passwords.alice)).toMatchObject({ status: 'ok' });
  });

  it('refuses a wrong password and an unknown account alike', async () => {
    expect(await backend.signIn('alice', 'Not!Her-Password1')).toEqual({ status: 'invalid' });
    expect(await backend.signIn('nobody', passwords.alice)).toEqual({ status: 'invalid' });
    expect(await backend.signIn('alice', '')).toEqual({ status: 'invalid' });
  });

  it('says "disabled" only to someone who knows the password', async () => {
    expect(await backend.signIn('dave', passwords.dave)).toMatchObject({ status: 'disabled', account: { id: dns.dave } });
    expect(await backend.signIn('dave', 'Not!Daves-Password1')).toEqual({ status: 'invalid' });
  });
});

describe('Active Directory methods', () => {
  it('reads the mobile in any stored format and otherMailbox', async () => {
    expect(await backend.getMethods(await find('alice'))).toEqual({ phone: '+212612345678', email: 'alice.perso@example.org' });
    expect(await backend.getMethods(await find('bob'))).toEqual({ phone: '+212701071074', email: undefined });
  });

  it('writes mobile in the international format, and removes it', async () => {
    const carol = await find('carol');
    await backend.setPhone(carol, '+212661234567');
    expect((await dc.read(carol.id, ['mobile'])).mobile).toEqual(['+212 661234567']);
    expect((await backend.getMethods(carol)).phone).toBe('+212661234567');
    await backend.setPhone(carol, null);
    expect((await dc.read(carol.id, ['mobile'])).mobile).toBeUndefined();
  });

  it('keeps exactly one value in otherMailbox', async () => {
    const carol = await find('carol');
    await dc.modify(carol.id, 'add: otherMailbox\notherMailbox: one@example.org\notherMailbox: two@example.org');
    await backend.setEmail(carol, 'carol.perso@example.org');
    expect((await dc.read(carol.id, ['otherMailbox'])).otherMailbox).toEqual(['carol.perso@example.org']);
    expect((await backend.getMethods(carol)).email).toBe('carol.perso@example.org');
    await backend.setEmail(carol, null);
    expect((await dc.read(carol.id, ['otherMailbox'])).otherMailbox).toBeUndefined();
  });
});

describe('Active Directory password reset (unicodePwd)', () => {
  it('refuses a too-short password with the mapped reason, changing nothing', async () => {
    const bob = await find('bob');
    const err = await rejection(backend.resetPassword(bob, 'Ab1!'));
    expect(err.kind).toBe('policy-violation');
    expect(err.reasons).toEqual(['too-short']);
    const simple = await rejection(backend.resetPassword(bob, 'abcdefghijkl'));
    expect(simple.reasons).toEqual(['categories']);
    expect(await dc.canBind(bob.id, passwords.bob)).toBe(true);
  });

  it('resets, after which the new password binds', async () => {
    const bob = await find('bob');
    await backend.resetPassword(bob, 'Bob!Second-Pass2');
    expect(await dc.canBind(bob.id, 'Bob!Second-Pass2')).toBe(true);
    expect(await backend.signIn('bob', 'Bob!Second-Pass2')).toMatchObject({ status: 'ok' });
    expect(await backend.signIn('bob', passwords.bob)).toEqual({ status: 'invalid' });
  });

  it('can require a change at next logon (pwdLastSet=0); the password still proves who signs in', async () => {
    const forcing = makeBackend({ requirePasswordChange: true });
    try {
      const bob = await find('bob', forcing);
      await forcing.resetPassword(bob, 'Bob!Third-Pass-3');
      expect((await dc.read(bob.id, ['pwdLastSet'])).pwdLastSet).toEqual(['0']);
      expect(await forcing.signIn('bob', 'Bob!Third-Pass-3')).toMatchObject({ status: 'ok' });
      expect(await forcing.signIn('bob', 'Bob!Wrong-Pass-3')).toEqual({ status: 'invalid' });
    } finally {
      await forcing.close();
    }
  });

  it('unlocks a locked account with the reset', async () => {
    await lockOut('carol');
    const carol = await find('carol');
    expect(carol.locked).toBe(true);
    // AD answers "locked" (data 775) whatever the password: a stranger must not learn it, so it reads as invalid.
    expect(await backend.signIn('carol', passwords.carol)).toEqual({ status: 'invalid' });
    await backend.resetPassword(carol, 'Carol!Second-Pass2');
    expect((await dc.read(carol.id, ['lockoutTime'])).lockoutTime).toEqual(['0']);
    expect((await find('carol')).locked).toBe(false);
    expect(await backend.signIn('carol', 'Carol!Second-Pass2')).toMatchObject({ status: 'ok' });
  });

  it('leaves the lock alone when unlockOnReset is off', async () => {
    const keeping = makeBackend({ unlockOnReset: false });
    try {
      await lockOut('erin');
      const erin = await find('erin', keeping);
      expect(erin.locked).toBe(true);
      await keeping.resetPassword(erin, 'Erin!Second-Pass2');
      expect((await find('erin', keeping)).locked).toBe(true);
      expect(await keeping.signIn('erin', 'Erin!Second-Pass2')).toEqual({ status: 'invalid' });
    } finally {
      await keeping.close();
    }
  });

  it('cannot reset an account outside the delegated OU', async () => {
    const wholeDomain = makeBackend({ baseDn: dc.domainDn });
    try {
      const admin = await find('Administrator', wholeDomain);
      expect((await rejection(wholeDomain.resetPassword(admin, 'Adm1n!Hijacked-99'))).kind).toBe('permission');
      expect((await rejection(wholeDomain.setPhone(admin, '+212612345678'))).kind).toBe('permission');
      expect(await dc.canBind(dc.adminDn, dc.adminPassword)).toBe(true);
    } finally {
      await wholeDomain.close();
    }
  });
});

describe('Active Directory unlock (lockoutTime)', () => {
  beforeAll(async () => {
    dns.gina = await dc.createUser({ name: 'gina', password: passwords.gina });
  }, 60_000);

  it('sees a lock left by wrong binds, clears it, and the old password binds again', async () => {
    const gina = await find('gina');
    expect(await backend.locks.status(gina)).toBe('not-locked');
    expect(await backend.locks.unlock(gina)).toBe('not-locked');
    await lockOut('gina');
    expect(await backend.locks.status(gina)).toBe('locked');
    expect(await backend.signIn('gina', passwords.gina)).toEqual({ status: 'invalid' });
    expect(await backend.locks.unlock(gina)).toBe('unlocked');
    expect((await dc.read(gina.id, ['lockoutTime'])).lockoutTime).toEqual(['0']);
    expect(await backend.locks.status(gina)).toBe('not-locked');
    expect(await backend.signIn('gina', passwords.gina)).toEqual({ status: 'ok', account: expect.objectContaining({ id: dns.gina }) });
  });
});

describe('Active Directory change of password, as the user', () => {
  beforeAll(async () => {
    dns.hugo = await dc.createUser({ name: 'hugo', password: passwords.hugo });
    dns.ines = await dc.createUser({ name: 'ines', password: passwords.ines, mustChange: true });
  }, 60_000);

  it('changes with the current password, after which only the new one binds', async () => {
    const hugo = await find('hugo');
    await backend.changePassword(hugo, passwords.hugo, 'Hugo!Second-Pass2');
    expect(await dc.canBind(hugo.id, 'Hugo!Second-Pass2')).toBe(true);
    expect(await dc.canBind(hugo.id, passwords.hugo)).toBe(false);
    passwords.hugo = 'Hugo!Second-Pass2';
  });

  it("shows the domain's reason for a refused password and changes nothing", async () => {
    const hugo = await find('hugo');
    const short = await rejection(backend.changePassword(hugo, passwords.hugo, 'Hu1!'));
    expect(short.kind).toBe('policy-violation');
    expect(short.reasons).toEqual(['too-short']);
    // A user's own change keeps the domain's history, which an administrator's reset on Samba does not.
    const reused = await rejection(backend.changePassword(hugo, passwords.hugo, 'Hugo!Initial-01'));
    expect(reused.kind).toBe('policy-violation');
    expect(reused.reasons).toEqual(['directory-history']);
    expect(await dc.canBind(hugo.id, passwords.hugo)).toBe(true);
  });

  it('refuses a wrong current password as a failed sign-in', async () => {
    const hugo = await find('hugo');
    expect((await rejection(backend.changePassword(hugo, 'Not!Hugos-Pass1', 'Hugo!Third-Pass-3'))).kind).toBe('invalid-credentials');
    // Read before the bind below, which sets the count back to zero.
    expect(Number((await dc.read(hugo.id, ['badPwdCount'])).badPwdCount?.[0])).toBe(1);
    expect(await dc.canBind(hugo.id, passwords.hugo)).toBe(true);
  });

  it('says "must change" after the right password of a user created so, and the change ends it', async () => {
    expect(await backend.signIn('ines', passwords.ines)).toEqual({
      status: 'ok',
      account: expect.objectContaining({ id: dns.ines }),
      mustChange: 'initial',
    });
    expect(await backend.signIn('ines', 'Not!Ines-Pass-1')).toEqual({ status: 'invalid' });
    await backend.changePassword(await find('ines'), passwords.ines, 'Ines!Chosen-Pass2');
    expect(await backend.signIn('ines', 'Ines!Chosen-Pass2')).toEqual({ status: 'ok', account: expect.objectContaining({ id: dns.ines }) });
    expect((await dc.read(dns.ines!, ['pwdLastSet'])).pwdLastSet?.[0]).not.toBe('0');
  });
});

describe('Active Directory enumeration', () => {
  it('shows an unknown name a decoy, not an error screen', async () => {
    const h = await createHarness({ organization: { domain: 'univ.test' } }, { backend });
    const v = h.visitor();
    await v.act('home.recover');
    expect(await v.act('recovery.identify', { identifier: 'personne.inconnue', captcha: '' })).toMatchObject({ ok: true });
    expect(v.view.step.name).toBe('recovery-verify');
    expect(h.logs.filter((l) => l.startsWith('decoy methods read'))).toEqual([]);
  });

  it('relates every pair of spellings of a real account and of an unknown name the same way', async () => {
    await dc.createUser({ name: 'fiona.roy', password: 'Fiona!Initial-1', mail: 'fiona.roy@univ.test', givenName: 'Fiona', surname: 'Roy' });
    const h = await createHarness(
      { organization: { domain: 'univ.test', otherDomains: ['guichet.test'] }, security: { throttles: { identifyPerDevice: { max: 100_000 } } } },
      { backend, decoyKey: Buffer.from('active directory test fleet key, 32+ chars', 'utf8') },
    );
    const { pairs, same } = await checkVariantRelations({
      harness: h,
      backend,
      realName: 'fiona.roy',
      domains: { own: 'univ.test', other: 'guichet.test', netbios: 'GUICHET' },
      unknownNames: strangerNames,
      numRuns: 60,
    });
    expect(pairs).toBe(60);
    expect(same).toBeGreaterThan(3);
    expect(pairs - same).toBeGreaterThan(3);
  }, 240_000);
});

describe('Active Directory at the desk', () => {
  const desk = { leila: 'Leila!Desk-Pass1', nadia: 'Nadia!Visit-Pass1' };
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('guichet-ad-photo')]);
  let groupDn: string;

  beforeAll(async () => {
    dns.leila = await dc.createUser({ name: 'leila', password: desk.leila, givenName: 'Leila', surname: 'Accueil' });
    dns.nadia = await dc.createUser({ name: 'nadia', password: desk.nadia, givenName: 'Nadia', surname: 'Benali' });
    // leila is a member through a nested group: LDAP_MATCHING_RULE_IN_CHAIN must follow it.
    await dc.tool(['group', 'add', 'Accueil', '--groupou=OU=Staff']);
    await dc.tool(['group', 'add', 'Accueil-Soir', '--groupou=OU=Staff']);
    await dc.tool(['group', 'addmembers', 'Accueil', 'Accueil-Soir']);
    await dc.tool(['group', 'addmembers', 'Accueil-Soir', 'leila']);
    groupDn = `CN=Accueil,${dc.staffDn}`;
    await dc.modify(dns.nadia, `replace: department\ndepartment: Faculté de médecine\n-\nreplace: title\ntitle: Maître de conférences\n-\nreplace: employeeID\nemployeeID: E-10234\n-\nreplace: thumbnailPhoto\nthumbnailPhoto:: ${jpeg.toString('base64')}`);
    // The desk's domain locks attendants at 5 failures (a fine-grained policy); the device must stop before.
    await dc.tool(['domain', 'passwordsettings', 'pso', 'create', 'desk', '1', '--account-lockout-threshold=5', '--account-lockout-duration=30', '--reset-account-lockout-after=30']);
    await dc.tool(['domain', 'passwordsettings', 'pso', 'apply', 'desk', 'leila']);
  }, 120_000);

  it('finds members through nested groups, and nobody else', async () => {
    expect(await backend.isMember(await find('leila'), groupDn)).toBe(true);
    expect(await backend.isMember(await find('nadia'), groupDn)).toBe(false);
    expect(await backend.isMember(await find('leila'), `CN=Nobody,${dc.staffDn}`)).toBe(false);
  });

  it('reads department, title, employeeID and thumbnailPhoto', async () => {
    expect(await backend.getProfile(await find('nadia'))).toEqual({
      department: 'Faculté de médecine',
      title: 'Maître de conférences',
      employeeId: 'E-10234',
      photo: `data:image/jpeg;base64,${jpeg.toString('base64')}`,
    });
  });

  it('signs the attendant in, refuses a non-member as a wrong password, and stops before the domain locks', async () => {
    const h = await createHarness({ kiosk: { attendants: { group: groupDn } } }, { backend });
    const signIn = new AttendantSignIn({ backend: h.backend, attendants: h.config.kiosk.attendants, store: h.shared, kioskId: 'kiosk-ad', clock: h.clock, audit: h.audit });
    const nonMember = await signIn.withPassword('nadia', desk.nadia);
    expect(nonMember).toEqual({ refuse: { code: 'invalid-input', reason: 'attendant-sign-in-wrong' } });
    expect(await signIn.withPassword('leila', 'Wrong!Guess-000')).toEqual(nonMember);
    expect(await signIn.withPassword('leila', desk.leila)).toMatchObject({ attendant: { username: 'leila' } });
    for (let i = 0; i < 3; i++) expect(await signIn.withPassword('leila', `Wrong!Guess-${i}x`)).toEqual(nonMember);
    for (let i = 0; i < 5; i++) expect(await signIn.withPassword('leila', `Wrong!Again-${i}x`)).toMatchObject({ refuse: { code: 'throttled' } });
    expect((await find('leila')).locked).toBe(false);
    expect(await dc.canBind(dns.leila!, desk.leila)).toBe(true);
  });
});
