import { test as base, expect } from '@playwright/test';
import { lastCode, startHost, testConfig, type HostProcess } from '../support/browser-host-process';
import { startSlapd, type SlapdServer } from '../support/slapd-server';
import { confirmAndWaitForCode, enrollPhone, signIn, startRecovery } from './flows';

// A real OpenLDAP (slapd with ppolicy and StartTLS) behind the browser host.
const test = base.extend<{ directory: { server: SlapdServer; host: HostProcess } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern.
  directory: async ({}, use) => {
    const server = await startSlapd();
    await server.add(
      [
        `dn: uid=amina.fassi,${server.peopleDn}`,
        'objectClass: inetOrgPerson',
        'objectClass: guichetPerson',
        'uid: amina.fassi',
        'cn: Amina Fassi',
        'sn: Fassi',
        'displayName: Amina Fassi',
        'mail: amina.fassi@univ-demo.ma',
        'mobile: 06 12 34 56 79',
        'userPassword: Bienvenue2025!',
      ].join('\n'),
    );
    const config = {
      ...testConfig,
      backend: {
        type: 'ldap',
        ldap: {
          url: server.url,
          startTls: true,
          caFile: server.caFile,
          bindDn: server.serviceDn,
          bindPassword: 'secret:LDAP_BIND',
          baseDn: server.peopleDn,
          userFilter: '(|(uid={input})(mail={input}))',
          flavor: 'openldap',
          attributes: { username: 'uid', alternateEmail: 'guichetAuthEmail' },
        },
      },
    };
    const host = await startHost(config, undefined, { GUICHET_SECRET_LDAP_BIND: server.servicePassword });
    await use({ server, host });
    await host.stop();
    await server.stop();
  },
});

test('enrolls a phone and resets the password of an OpenLDAP account, in French', async ({ page, directory: { server, host } }) => {
  const dn = `uid=amina.fassi,${server.peopleDn}`;
  await page.goto(host.url);
  await signIn(page, 'amina.fassi', 'Bienvenue2025!');
  await expect(page.locator('[data-step="security-info"]')).toBeVisible();
  await expect(page.getByText('+212 612345679')).toBeVisible();
  await enrollPhone(page, host.dataDir, '0701071074', '+212701071074');
  expect((await server.read(dn, ['mobile'])).mobile).toEqual(['+212 701071074']);
  await page.getByRole('button', { name: 'terminer' }).click();

  await startRecovery(page, 'amina.fassi@univ-demo.ma');
  await confirmAndWaitForCode(page, 'Envoyer un SMS à mon téléphone mobile', 'Entrez votre numéro de téléphone', '+212701071074', 'Envoyer un SMS');
  await page.getByLabel('Entrez le code de vérification').fill(lastCode(host.dataDir, '+212701071074'));
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.getByLabel('Saisissez le nouveau mot de passe').fill('Nouveau#Pass2026');
  await page.getByLabel('Confirmez le nouveau mot de passe').fill('Nouveau#Pass2026');
  await page.getByRole('button', { name: 'Terminer' }).click();
  await expect(page.locator('[data-step="recovery-done"]')).toBeVisible();
  expect(await server.canBind(dn, 'Nouveau#Pass2026')).toBe(true);
});
