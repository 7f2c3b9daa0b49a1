import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LdapBackend } from '../../../electron/core/backends/ldap/ldap-backend';
import { createHarness } from '../../support/broker-harness';
import { checkVariantRelations, screenOf, strangerNames } from '../../support/enumeration-property';
import { openldapBackend, startSlapd, type SlapdServer } from '../../support/slapd-server';

let server: SlapdServer;
let backend: LdapBackend;

beforeAll(async () => {
  server = await startSlapd();
  await server.add(
    [
      `dn: uid=fiona.roy,${server.peopleDn}`,
      'objectClass: inetOrgPerson',
      'objectClass: guichetPerson',
      'uid: fiona.roy',
      'cn: Fiona Roy',
      'sn: Roy',
      'mail: fiona.roy@univ.test',
      'userPassword: Fiona-Initial-Pass-1',
    ].join('\n') + '\n',
  );
  backend = openldapBackend(server);
});

afterAll(async () => {
  await backend?.close();
  await server?.close();
});

describe('enumeration on a real OpenLDAP directory', () => {
  it('shows an unknown name a decoy, not an error, and reads the decoy methods as a well-formed DN nobody has', async () => {
    const h = await createHarness({ organization: { domain: 'univ.test' } }, { backend });
    const v = h.visitor();
    await v.act('home.recover');
    const r = await v.act('recovery.identify', { identifier: 'personne.inconnue', captcha: '' });
    expect(r.ok).toBe(true);
    expect(v.view.step.name).toBe('recovery-verify');
    expect(h.logs.filter((l) => l.startsWith('decoy methods read'))).toEqual([]);
  });

  it('relates a name with a space to the same name with the space doubled the same way for a real account and an unknown name', async () => {
    // slapd compares uid and mail with insignificant-space handling: "anne  marie" finds "anne marie".
    await server.add(
      [`dn: uid=anne marie,${server.peopleDn}`, 'objectClass: inetOrgPerson', 'objectClass: guichetPerson', 'uid: anne marie', 'cn: Anne Marie', 'sn: Marie'].join('\n') + '\n',
    );
    const h = await createHarness({ organization: { domain: 'univ.test' } }, { backend });
    const real = (await backend.findUser('anne marie'))!;
    await backend.setPhone(real, '+212612340009');
    for (const spaced of ['anne  marie', 'anne\u3000 marie', 'anne \t marie']) {
      const relation = {
        real: (await screenOf(h, 'anne marie')) === (await screenOf(h, spaced)),
        unknown: (await screenOf(h, 'zq marie')) === (await screenOf(h, spaced.replace('anne', 'zq'))),
      };
      expect(relation, JSON.stringify(spaced)).toEqual({ real: relation.unknown, unknown: relation.unknown });
    }
    await backend.setPhone(real, null);
  });

  it('relates every pair of spellings of a real account and of an unknown name the same way', async () => {
    const h = await createHarness(
      { organization: { domain: 'univ.test', otherDomains: ['old.univ.test'] }, security: { throttles: { identifyPerDevice: { max: 100_000 } } } },
      { backend, decoyKey: Buffer.from('openldap enumeration test fleet key, 32+', 'utf8') },
    );
    const { pairs, same } = await checkVariantRelations({
      harness: h,
      backend,
      realName: 'fiona.roy',
      domains: { own: 'univ.test', other: 'old.univ.test', netbios: 'UNIV' },
      unknownNames: strangerNames,
      numRuns: 80,
    });
    expect(pairs).toBe(80);
    expect(same).toBeGreaterThan(5);
    expect(pairs - same).toBeGreaterThan(5);
  }, 180_000);
});
