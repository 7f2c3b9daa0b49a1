import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/core/clock';
import { configSchema } from '../../../electron/core/config/schema';
import { graphSection } from '../../../electron/core/config/sections/graph';
import { BackendError, isPrivilegedRefusal } from '../../../electron/core/backends/identity-backend';
import { createGraphBackend, openGraphBackend, type GraphBackend } from '../../../electron/core/backends/graph/graph-backend';
import { demoStaffGroupId, demoUsers } from '../../support/fake-graph/demo-users';
import { startFakeGraph, type FakeGraph, type FakeGraphOptions, type FakeUser } from '../../support/fake-graph/fake-graph';

const extraUsers: FakeUser[] = [
  // An apostrophe in the address is valid and must be escaped in OData ('' doubling).
  { userPrincipalName: "o'brien@univ-demo.ma", displayName: "Sean O'Brien", mail: "o'brien@univ-demo.ma", password: 'Bienvenue2025!' },
  // Two accounts share a mail: a lookup by it must find nobody rather than guess.
  { userPrincipalName: 'accueil1@univ-demo.ma', displayName: 'Accueil 1', mail: 'accueil@univ-demo.ma', password: 'Bienvenue2025!' },
  { userPrincipalName: 'accueil2@univ-demo.ma', displayName: 'Accueil 2', mail: 'accueil@univ-demo.ma', password: 'Bienvenue2025!' },
  {
    userPrincipalName: 'hamza.fassi@univ-demo.ma',
    displayName: 'Hamza Fassi',
    mail: 'hamza.fassi@univ-demo.ma',
    password: 'Bienvenue2025!',
    phoneMethods: [
      { phoneType: 'mobile', phoneNumber: '+212 612121212' },
      { phoneType: 'alternateMobile', phoneNumber: '+212 634343434' },
      { phoneType: 'office', phoneNumber: '+212 522000000' },
    ],
  },
];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

type Setup = { fake: FakeGraph; backend: GraphBackend; waits: number[]; graphRequests(): number };

async function setup(options: Partial<FakeGraphOptions> = {}, graphOverrides: Record<string, unknown> = {}): Promise<Setup> {
  const fake = await startFakeGraph({ users: [...demoUsers, ...extraUsers], ...options });
  const waits: number[] = [];
  const graph = graphSection.parse({ ...fake.graphSection(), ...graphOverrides });
  const backend = createGraphBackend({
    graph,
    secrets: { clientSecret: fake.clientSecret },
    defaultCountry: 'MA',
    clock: systemClock,
    sleeper: async (ms) => {
      waits.push(ms);
    },
  });
  cleanups.push(async () => {
    await backend.close();
    await fake.stop();
  });
  return { fake, backend, waits, graphRequests: () => fake.state.requests.filter((r) => r.kind === 'graph').length };
}

async function account(backend: GraphBackend, identifier: string) {
  const found = await backend.findUser(identifier);
  if (!found) throw new Error(`${identifier} not found`);
  return found;
}

async function rejection(p: Promise<unknown>): Promise<BackendError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof BackendError)) throw new Error(`expected a BackendError, got ${String(e)}`);
  return e;
}

describe('GraphBackend against the local Graph and token service', () => {
  it('finds accounts by UPN, by mail, by other mail and by bare user name, and nobody for unknown or shared addresses', async () => {
    const { backend } = await setup();
    const salma = { id: '2d5b0c3a-7e4f-4091-9c32-3f4a5b6c7d8e', username: 'salma.idrissi@univ-demo.ma', displayName: 'Salma Idrissi', mail: 'salma.idrissi@univ-demo.ma', disabled: false, locked: false, privileged: false };
    expect(await backend.findUser('salma.idrissi@univ-demo.ma')).toEqual(salma);
    expect(await backend.findUser('  SALMA.Idrissi@univ-demo.ma ')).toEqual(salma);
    expect(await backend.findUser('salma.perso@gmail.com')).toEqual(salma);
    expect(await backend.findUser('salma.idrissi')).toEqual(salma);
    expect((await backend.findUser("o'brien@univ-demo.ma"))?.displayName).toBe("Sean O'Brien");
    expect((await backend.findUser("o'brien"))?.displayName).toBe("Sean O'Brien");
    expect(await backend.findUser('personne@univ-demo.ma')).toBeNull();
    expect(await backend.findUser('accueil@univ-demo.ma')).toBeNull();
    expect(await backend.findUser("x' or mail eq 'salma.idrissi@univ-demo.ma")).toBeNull();
    expect(await backend.findUser('')).toBeNull();
  });

  it('reports disabled accounts, and marks directory-role holders and on-premises accounts as privileged', async () => {
    const { backend } = await setup();
    expect(await backend.findUser('karim.tazi@univ-demo.ma')).toMatchObject({ disabled: true, privileged: false });
    expect(await backend.findUser('admin.it@univ-demo.ma')).toMatchObject({ disabled: false, privileged: true });
    expect(await backend.findUser('omar.berrada@univ-demo.ma')).toMatchObject({ privileged: true });
  });

  it('serves only members of the userFilter group', async () => {
    const { backend } = await setup({}, { userFilter: demoStaffGroupId });
    expect(await backend.findUser('nadia.benali@univ-demo.ma')).toMatchObject({ username: 'nadia.benali@univ-demo.ma' });
    expect(await backend.findUser('etudiant.test@univ-demo.ma')).toBeNull();
    expect(await backend.findUserById('7ca05b8f-2d9e-45e6-8b87-8e9fa0b1c2d3')).toBeNull();
  });

  it('adds, changes and removes the mobile phone, in the format Graph requires', async () => {
    const { backend, fake } = await setup();
    const nadia = await account(backend, 'nadia.benali@univ-demo.ma');
    const stored = () => fake.state.userByUpn('nadia.benali@univ-demo.ma').phoneMethods.map((p) => [p.phoneType, p.phoneNumber]);

    await backend.setPhone(nadia, '+212701071074');
    expect(stored()).toEqual([['mobile', '+212 701071074']]);
    expect(await backend.getMethods(nadia)).toEqual({ phone: '+212701071074' });

    await backend.setPhone(nadia, '+33612345678');
    expect(stored()).toEqual([['mobile', '+33 612345678']]);
    expect(await backend.getMethods(nadia)).toEqual({ phone: '+33612345678' });

    await backend.setPhone(nadia, null);
    expect(stored()).toEqual([]);
    expect(await backend.getMethods(nadia)).toEqual({});
    await backend.setPhone(nadia, null);
  });

  it('removes a mobile phone that has an alternate the way Graph documents it: the alternate takes its place', async () => {
    const { backend, fake } = await setup();
    const hamza = await account(backend, 'hamza.fassi@univ-demo.ma');
    await backend.setPhone(hamza, null);
    expect(fake.state.userByUpn('hamza.fassi@univ-demo.ma').phoneMethods.map((p) => [p.phoneType, p.phoneNumber])).toEqual([
      ['mobile', '+212 634343434'],
      ['office', '+212 522000000'],
    ]);
  });

  it('refuses a malformed number before sending anything to Graph', async () => {
    const { backend, graphRequests } = await setup();
    const nadia = await account(backend, 'nadia.benali@univ-demo.ma');
    const before = graphRequests();
    for (const bad of ['0701071074', '+212', '+2127010710749999', 'abc']) {
      expect(await rejection(backend.setPhone(nadia, bad))).toMatchObject({ kind: 'policy-violation' });
    }
    expect(graphRequests()).toBe(before);
  });

  it('adds, changes and removes the authentication email (one per user)', async () => {
    const { backend, fake } = await setup();
    const nadia = await account(backend, 'nadia.benali@univ-demo.ma');
    const stored = () => fake.state.userByUpn('nadia.benali@univ-demo.ma').emailMethods.map((m) => m.emailAddress);

    await backend.setEmail(nadia, 'nadia.perso@gmail.com');
    expect(stored()).toEqual(['nadia.perso@gmail.com']);
    await backend.setEmail(nadia, 'nadia@example.org');
    expect(stored()).toEqual(['nadia@example.org']);
    expect(await backend.getMethods(nadia)).toEqual({ email: 'nadia@example.org' });
    await backend.setEmail(nadia, null);
    expect(stored()).toEqual([]);
    expect(await backend.getMethods(nadia)).toEqual({});
  });

  it('resets a password with PATCH passwordProfile, without forcing a change at next sign-in', async () => {
    const { backend, fake } = await setup();
    const youssef = await account(backend, 'youssef.alaoui@univ-demo.ma');
    await backend.resetPassword(youssef, 'Rabat#Printemps2025');
    const entry = fake.state.userByUpn('youssef.alaoui@univ-demo.ma');
    expect(entry.password).toBe('Rabat#Printemps2025');
    expect(entry.passwordProfile.forceChangePasswordNextSignIn).toBe(false);
  });

  it("maps the tenant's password policy refusal to directory-policy", async () => {
    const { backend, fake } = await setup();
    const youssef = await account(backend, 'youssef.alaoui@univ-demo.ma');
    for (const weak of ['court1A', 'tout en minuscules', 'Password2025!']) {
      const e = await rejection(backend.resetPassword(youssef, weak));
      expect(e).toMatchObject({ kind: 'policy-violation', reasons: ['directory-policy'] });
      expect(isPrivilegedRefusal(e)).toBe(false);
      expect(e.message).not.toContain(weak);
    }
    expect(fake.state.userByUpn('youssef.alaoui@univ-demo.ma').password).toBe('Bienvenue2025!');
  });

  it('refuses to reset an administrator or an on-premises account as a privileged-account refusal, not an outage', async () => {
    const { backend, fake } = await setup();
    for (const upn of ['admin.it@univ-demo.ma', 'omar.berrada@univ-demo.ma']) {
      const e = await rejection(backend.resetPassword(await account(backend, upn), 'Rabat#Printemps2025'));
      expect(e).toMatchObject({ kind: 'policy-violation', reasons: ['directory-policy'] });
      expect(isPrivilegedRefusal(e)).toBe(true);
      expect(fake.state.userByUpn(upn).password).toBe('Bienvenue2025!');
    }
  });

  it('refuses a reset outside the administrative unit the User Administrator role is scoped to', async () => {
    const staffUnit = '9d8c7b6a-5f4e-4d3c-8b2a-190817263544';
    const { backend, fake } = await setup({
      appDirectoryRoles: [{ role: 'User Administrator', administrativeUnit: staffUnit }],
      users: [
        { userPrincipalName: 'in.unit@univ-demo.ma', displayName: 'In Unit', password: 'Bienvenue2025!', administrativeUnits: [staffUnit] },
        { userPrincipalName: 'out.unit@univ-demo.ma', displayName: 'Out Unit', password: 'Bienvenue2025!' },
      ],
    });
    await backend.resetPassword(await account(backend, 'in.unit@univ-demo.ma'), 'Rabat#Printemps2025');
    expect(fake.state.userByUpn('in.unit@univ-demo.ma').password).toBe('Rabat#Printemps2025');
    expect(isPrivilegedRefusal(await rejection(backend.resetPassword(await account(backend, 'out.unit@univ-demo.ma'), 'Rabat#Printemps2025')))).toBe(true);
  });

  it('waits out 429 for the Retry-After Graph asks, then succeeds', async () => {
    const { backend, fake, waits } = await setup();
    const salma = await account(backend, 'salma.idrissi@univ-demo.ma');
    fake.throttleNext(2, { retryAfterSeconds: 3 });
    expect(await backend.getMethods(salma)).toEqual({ phone: '+212701071074', email: 'salma.perso@gmail.com' });
    expect(waits).toEqual([3000, 3000]);
  });

  it('backs off exponentially on 503 without Retry-After, and gives up as unavailable after three tries', async () => {
    const { backend, fake, waits } = await setup();
    const salma = await account(backend, 'salma.idrissi@univ-demo.ma');
    fake.throttleNext(3, { status: 503, retryAfterSeconds: null });
    const e = await rejection(backend.resetPassword(salma, 'Rabat#Printemps2025'));
    expect(e.kind).toBe('unavailable');
    expect(waits).toEqual([1000, 2000]);
    expect(fake.state.userByUpn('salma.idrissi@univ-demo.ma').password).toBe('Maroc#2025pass');
  });

  it('does not wait for a Retry-After longer than a visitor would', async () => {
    const { backend, fake, waits } = await setup();
    const salma = await account(backend, 'salma.idrissi@univ-demo.ma');
    fake.throttleNext(1, { retryAfterSeconds: 300 });
    expect((await rejection(backend.setEmail(salma, 'autre@example.org'))).kind).toBe('unavailable');
    expect(waits).toEqual([]);
  });

  it('gets a new token once when Graph says the current one expired', async () => {
    const { backend, fake } = await setup();
    const salma = await account(backend, 'salma.idrissi@univ-demo.ma');
    expect(fake.state.tokenRequests).toHaveLength(1);
    fake.expireTokens();
    expect(await backend.getMethods(salma)).toEqual({ phone: '+212701071074', email: 'salma.perso@gmail.com' });
    expect(fake.state.tokenRequests).toEqual([
      { grantType: 'client_credentials', status: 200 },
      { grantType: 'client_credentials', status: 200 },
    ]);
    expect(fake.state.requests.filter((r) => r.status === 401)).toHaveLength(2);
  });

  it('asks for one token across many calls, concurrent ones included', async () => {
    const { backend, fake } = await setup();
    await Promise.all(['salma.idrissi@univ-demo.ma', 'nadia.benali@univ-demo.ma', 'youssef.alaoui'].map((id) => backend.findUser(id)));
    const nadia = await account(backend, 'nadia.benali@univ-demo.ma');
    await backend.setPhone(nadia, '+212701071074');
    await backend.setEmail(nadia, 'nadia@example.org');
    await backend.getMethods(nadia);
    expect(fake.state.tokenRequests).toEqual([{ grantType: 'client_credentials', status: 200 }]);
  });

  it('maps a missing permission to a permission error naming it, on lookups and on method writes', async () => {
    const noMethods = await setup({ appPermissions: ['User.Read.All', 'User-PasswordProfile.ReadWrite.All'] });
    const nadia = await account(noMethods.backend, 'nadia.benali@univ-demo.ma');
    const write = await rejection(noMethods.backend.setPhone(nadia, '+212701071074'));
    expect(write.kind).toBe('permission');
    expect(write.message).toContain('UserAuthenticationMethod.ReadWrite.All');

    const noRead = await setup({ appPermissions: ['UserAuthenticationMethod.ReadWrite.All'] });
    const lookup = await rejection(noRead.backend.findUser('nadia.benali@univ-demo.ma'));
    expect(lookup.kind).toBe('permission');
    expect(lookup.message).toContain('User.Read.All');
  });

  it('works with the narrower per-method permissions instead of UserAuthenticationMethod.ReadWrite.All', async () => {
    const { backend, fake } = await setup({ appPermissions: ['User.Read.All', 'UserAuthMethod-Phone.ReadWrite.All', 'UserAuthMethod-Email.ReadWrite.All', 'User-PasswordProfile.ReadWrite.All'] });
    const nadia = await account(backend, 'nadia.benali@univ-demo.ma');
    await backend.setPhone(nadia, '+212701071074');
    await backend.setEmail(nadia, 'nadia@example.org');
    expect(await backend.getMethods(nadia)).toEqual({ phone: '+212701071074', email: 'nadia@example.org' });
    expect(fake.state.requests.filter((r) => r.status === 403)).toEqual([]);
  });

  it('reports a wrong client secret as an IT problem, and an unreachable service as unavailable', async () => {
    const { fake } = await setup();
    const graph = graphSection.parse(fake.graphSection());
    const wrong = createGraphBackend({ graph, secrets: { clientSecret: 'not-the-secret' }, defaultCountry: 'MA', clock: systemClock, sleeper: async () => undefined });
    cleanups.push(() => wrong.close());
    const e = await rejection(wrong.findUser('nadia.benali@univ-demo.ma'));
    expect(e.kind).toBe('permission');
    expect(e.message).toContain('AADSTS7000215');
    expect(e.message).not.toContain('not-the-secret');

    const right = createGraphBackend({ graph, secrets: { clientSecret: fake.clientSecret }, defaultCountry: 'MA', clock: systemClock, sleeper: async () => undefined });
    cleanups.push(() => right.close());
    expect(await right.ping()).toBe(true);
    await fake.stop();
    expect(await right.ping()).toBe(false);
    expect((await rejection(right.findUser('nadia.benali@univ-demo.ma'))).kind).toBe('unavailable');
  });

  it('authenticates with a certificate credential instead of a secret', async () => {
    const { fake } = await setup({ certificateCredential: true });
    const certificate = fake.certificate;
    if (!certificate) throw new Error('no certificate');
    const { clientSecret: _unused, ...section } = fake.graphSection();
    const graph = graphSection.parse({ ...section, certificateThumbprint: certificate.thumbprintSha256, privateKey: 'secret:GRAPH_PRIVATE_KEY' });
    const backend = createGraphBackend({ graph, secrets: { privateKey: certificate.privateKey }, defaultCountry: 'MA', clock: systemClock, sleeper: async () => undefined });
    cleanups.push(() => backend.close());
    expect(await backend.findUser('nadia.benali@univ-demo.ma')).toMatchObject({ displayName: 'Nadia Benali' });
    expect(fake.state.tokenRequests).toContainEqual({ grantType: 'client_credentials', status: 200 });
  });

  it('opens from the whole config and the secrets resolved by name, as bootstrap does', async () => {
    const { fake } = await setup();
    const config = configSchema.parse({ phone: { defaultCountry: 'MA' }, backend: { type: 'graph', graph: fake.graphSection('GRAPH_CLIENT_SECRET') } });
    const waits: number[] = [];
    const backend = await openGraphBackend(config, {
      secrets: new Map([['GRAPH_CLIENT_SECRET', fake.clientSecret]]),
      clock: systemClock,
      sleeper: async (ms) => void waits.push(ms),
      database: '',
      lockoutKey: async () => Buffer.alloc(32),
    });
    cleanups.push(() => backend.close());
    const youssef = await account(backend, 'youssef.alaoui@univ-demo.ma');
    fake.throttleNext(1, { retryAfterSeconds: 2 });
    expect(await backend.getMethods(youssef)).toEqual({ phone: '+212612345678' });
    expect(waits).toEqual([2000]);
  });

  it('never checks a password itself: Entra signs people in on its own page', async () => {
    const { backend, graphRequests } = await setup();
    expect(backend.capabilities).toEqual({ methods: ['phone', 'email'], signIn: 'redirect' });
    expect(await backend.signIn('nadia.benali@univ-demo.ma', 'Bienvenue2025!')).toEqual({ status: 'invalid' });
    expect(graphRequests()).toBe(0);
  });
});
