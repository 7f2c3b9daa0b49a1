import { afterEach, describe, expect, it } from 'vitest';
import { AttendantSignIn } from '../../../electron/core/attendant/attendant-sign-in';
import { createGraphBackend, type GraphBackend } from '../../../electron/core/backends/graph/graph-backend';
import { systemClock } from '../../../electron/core/clock';
import { graphSection } from '../../../electron/core/config/sections/graph';
import { createHarness } from '../../support/broker-harness';
import { startFakeGraph, type FakeGraph, type FakeGraphOptions } from '../../support/fake-graph/fake-graph';

// The desk on Entra ID, against the local Graph service: the attendants' group, the profile and photo, and the
// Temporary Access Pass.

const attendantsGroup = '0b9c7e21-5a4d-4c3e-8f1a-2d6e9b7c4a10';
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function setup(options: Partial<FakeGraphOptions> = {}): Promise<{ fake: FakeGraph; backend: GraphBackend }> {
  const fake = await startFakeGraph({
    users: [
      { userPrincipalName: 'leila.accueil@univ-demo.ma', displayName: 'Leïla Accueil', password: 'Accueil#2025desk', groups: [attendantsGroup] },
      {
        userPrincipalName: 'nadia.benali@univ-demo.ma',
        displayName: 'Nadia Benali',
        password: 'Bienvenue2025!',
        department: 'Faculté de médecine',
        jobTitle: 'Maître de conférences',
        employeeId: 'E-10234',
        photo: { type: 'image/png', data: png },
      },
    ],
    ...options,
  });
  const backend = createGraphBackend({ graph: graphSection.parse(fake.graphSection()), secrets: { clientSecret: fake.clientSecret }, defaultCountry: 'MA', clock: systemClock, sleeper: async () => {} });
  cleanups.push(async () => {
    await backend.close();
    await fake.stop();
  });
  return { fake, backend };
}

const find = async (backend: GraphBackend, upn: string) => (await backend.findUser(upn)) ?? Promise.reject(new Error(`${upn} not found`));

describe('Entra ID at the desk', () => {
  it('checks the attendants\u2019 group by object id, and refuses a group that is not an object id', async () => {
    const { backend } = await setup();
    expect(await backend.isMember(await find(backend, 'leila.accueil@univ-demo.ma'), attendantsGroup)).toBe(true);
    expect(await backend.isMember(await find(backend, 'nadia.benali@univ-demo.ma'), attendantsGroup)).toBe(false);
    await expect(backend.isMember(await find(backend, 'leila.accueil@univ-demo.ma'), 'Accueil')).rejects.toMatchObject({ kind: 'permission' });
  });

  it('lets in an Entra attendant of the group after their sign-in, and refuses a non-member exactly as a failed one', async () => {
    const { backend } = await setup();
    const h = await createHarness({ kiosk: { attendants: { group: attendantsGroup } } }, { backend });
    const desk = new AttendantSignIn({ backend: h.backend, attendants: h.config.kiosk.attendants, store: h.shared, kioskId: 'kiosk-entra', clock: h.clock, audit: h.audit });
    const leila = await find(backend, 'leila.accueil@univ-demo.ma');
    const nadia = await find(backend, 'nadia.benali@univ-demo.ma');
    expect(await desk.withSignedInAccount(async () => leila)).toMatchObject({ attendant: { username: 'leila.accueil@univ-demo.ma' } });
    const nonMember = await desk.withSignedInAccount(async () => nadia);
    expect(nonMember).toEqual(await desk.withSignedInAccount(async () => null));
    expect(nonMember).toEqual({ refuse: { code: 'invalid-input', reason: 'attendant-sign-in-wrong' } });
  });

  it('reads department, job title, employee id and the /photo, and no photo where Graph has none', async () => {
    const { backend } = await setup();
    expect(await backend.getProfile(await find(backend, 'nadia.benali@univ-demo.ma'))).toEqual({
      department: 'Faculté de médecine',
      title: 'Maître de conférences',
      employeeId: 'E-10234',
      photo: `data:image/png;base64,${png.toString('base64')}`,
    });
    expect(await backend.getProfile(await find(backend, 'leila.accueil@univ-demo.ma'))).toEqual({});
  });

  it('issues a one-time Temporary Access Pass with the configured lifetime, once, and never puts it in an error', async () => {
    const { fake, backend } = await setup();
    const nadia = await find(backend, 'nadia.benali@univ-demo.ma');
    const issued = await backend.issueTemporaryAccessPass(nadia, 60);
    expect(fake.state.issuedTemporaryAccessPasses).toEqual([issued.pass]);
    expect(fake.state.userByUpn('nadia.benali@univ-demo.ma').temporaryAccessPasses).toEqual([
      { id: expect.any(String), isUsableOnce: true, lifetimeInMinutes: 60, startDateTime: expect.any(String) },
    ]);
    expect(issued.expiresAt).toBeGreaterThan(Date.now() + 59 * 60_000);
    // Graph keeps one pass per user: a second one is refused, and the refusal carries no pass.
    const second = await backend.issueTemporaryAccessPass(nadia, 60).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(second).toMatchObject({ kind: 'permission' });
    expect(String(second?.message)).not.toContain(issued.pass);
    expect(fake.state.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/temporaryAccessPassMethods'))).toHaveLength(2);
  });

  it('names the missing permission when the app may not issue passes', async () => {
    const { backend } = await setup({ appPermissions: ['User.Read.All'] });
    await expect(backend.issueTemporaryAccessPass(await find(backend, 'nadia.benali@univ-demo.ma'), 60)).rejects.toMatchObject({ kind: 'permission' });
  });
});
