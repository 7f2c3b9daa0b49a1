import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttendantSignIn } from '../../../electron/core/attendant/attendant-sign-in';
import type { Account } from '../../../electron/core/backends/identity-backend';
import type { LdapBackend } from '../../../electron/core/backends/ldap/ldap-backend';
import { createHarness } from '../../support/broker-harness';
import { openldapBackend, startSlapd, type SlapdServer } from '../../support/slapd-server';

// The desk against a real slapd: group membership, the attendant's own sign-in, and what the attendant is shown.

let server: SlapdServer;
let backend: LdapBackend;
const passwords = { leila: 'Leila-Desk-Pass-01', nadia: 'Nadia-Visitor-Pass-1', omar: 'Omar-Other-Pass-01' };
/** The smallest valid JPEG header and a few bytes: what jpegPhoto holds is handed on only when it is an image. */
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('guichet-test-photo')]);

beforeAll(async () => {
  server = await startSlapd();
  const person = (uid: string, fields: string[], password: string) =>
    [`dn: uid=${uid},${server.peopleDn}`, 'objectClass: inetOrgPerson', `uid: ${uid}`, `cn: ${uid}`, `sn: ${uid}`, ...fields, `userPassword: ${password}`].join('\n');
  await server.add(
    [
      // The desk's policy locks at 5 failures, as the test domain does; the device must stop before.
      `dn: cn=desk,ou=policies,${server.suffix}\nobjectClass: applicationProcess\nobjectClass: pwdPolicy\ncn: desk\npwdAttribute: userPassword\npwdLockout: TRUE\npwdMaxFailure: 5\npwdLockoutDuration: 0`,
      person('leila', ['displayName: Leïla Accueil'], passwords.leila),
      person('nadia', ['displayName: Nadia Benali', 'departmentNumber: Faculté de médecine', 'title: Maître de conférences', 'employeeNumber: E-10234', `jpegPhoto:: ${jpeg.toString('base64')}`], passwords.nadia),
      person('omar', ['displayName: Omar', 'jpegPhoto:: bm90IGFuIGltYWdl'], passwords.omar),
      `dn: cn=accueil,${server.groupsDn}\nobjectClass: groupOfNames\ncn: accueil\nmember: uid=leila,${server.peopleDn}`,
    ].join('\n\n') + '\n',
  );
  await server.modify(`dn: uid=leila,${server.peopleDn}\nchangetype: modify\nreplace: pwdPolicySubentry\npwdPolicySubentry: cn=desk,ou=policies,${server.suffix}\n`);
  backend = openldapBackend(server, { attributes: { username: 'uid', alternateEmail: 'guichetAuthEmail', department: 'departmentNumber', employeeId: 'employeeNumber', photo: 'jpegPhoto' } });
});

afterAll(async () => {
  await backend?.close();
  await server?.close();
});

const find = async (uid: string): Promise<Account> => (await backend.findUser(uid)) ?? Promise.reject(new Error(`${uid} not found`));
const group = () => `cn=accueil,${server.groupsDn}`;

describe('OpenLDAP at the desk', () => {
  it('says who is a member of the attendants\u2019 group', async () => {
    expect(await backend.isMember(await find('leila'), group())).toBe(true);
    expect(await backend.isMember(await find('nadia'), group())).toBe(false);
  });

  it('refuses a group DN that does not exist as an IT problem', async () => {
    await expect(backend.isMember(await find('leila'), `cn=nobody,${server.groupsDn}`)).rejects.toMatchObject({ kind: 'permission' });
  });

  it('reads department, title, employee number and the jpegPhoto, and drops a photo that is not an image', async () => {
    expect(await backend.getProfile(await find('nadia'))).toEqual({
      department: 'Faculté de médecine',
      title: 'Maître de conférences',
      employeeId: 'E-10234',
      photo: `data:image/jpeg;base64,${jpeg.toString('base64')}`,
    });
    expect(await backend.getProfile(await find('omar'))).toEqual({});
  });

  it('signs the attendant in with their own password, and stops after three failures, before slapd locks at five', async () => {
    const h = await createHarness({ kiosk: { attendants: { group: group() } } }, { backend });
    const desk = new AttendantSignIn({ backend: h.backend, attendants: h.config.kiosk.attendants, store: h.shared, kioskId: 'kiosk-desk', clock: h.clock, audit: h.audit });
    expect(await desk.withPassword('nadia', passwords.nadia)).toEqual({ refuse: { code: 'invalid-input', reason: 'attendant-sign-in-wrong' } });
    expect(await desk.withPassword('leila', 'Wrong-Guess-0001')).toEqual({ refuse: { code: 'invalid-input', reason: 'attendant-sign-in-wrong' } });
    expect(await desk.withPassword('leila', passwords.leila)).toMatchObject({ attendant: { username: 'leila', displayName: 'Leïla Accueil' } });
    for (let i = 0; i < 3; i++) expect(await desk.withPassword('leila', `Wrong-Guess-${i}x`)).toMatchObject({ refuse: { reason: 'attendant-sign-in-wrong' } });
    for (let i = 0; i < 5; i++) expect(await desk.withPassword('leila', `Wrong-Again-${i}x`)).toMatchObject({ refuse: { code: 'throttled' } });
    // slapd saw three failures, not eight: the attendant's account is not locked.
    expect(await server.read(`uid=leila,${server.peopleDn}`, ['pwdAccountLockedTime'])).toEqual({});
    expect(await server.canBind(`uid=leila,${server.peopleDn}`, passwords.leila)).toBe(true);
  });
});
