import { test as base, expect } from '@playwright/test';
import { demoUsers } from '../support/fake-graph/demo-users';
import { startFakeGraph } from '../support/fake-graph/fake-graph';
import { step } from './fixtures';
import { startGraphHost } from './graph-host';
import { enrollPhone } from './flows';

// The local token service serves its sign-in page over HTTPS with its own CA, which the test browser does not know.
base.use({ ignoreHTTPSErrors: true });

// Microsoft Entra ID behind the browser host: the visitor signs in on the token service's own page, in a popup,
// and the phone lands in the local Graph. Guichet reaches both only through its config.
base('enrolls an Entra ID account in French: sign-in on the directory’s page, then a phone by SMS', async ({ page }) => {
  const fake = await startFakeGraph({ users: demoUsers });
  const host = await startGraphHost(fake);
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (/Content[- ]Security[- ]Policy|Unsafe attempt/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  try {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await step(page, 'signin-identifier');
    await page.getByLabel("E-mail ou nom d'utilisateur").fill('nadia.benali');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await step(page, 'signin-external');
    // Guichet asks for no password of its own.
    await expect(page.getByLabel('Mot de passe')).toHaveCount(0);

    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Ouvrir la page de connexion Microsoft' }).click();
    const popup = await popupOpened;
    await popup.waitForURL((url) => url.origin === fake.authorityHost && url.pathname.endsWith('/oauth2/v2.0/authorize'));
    await expect(page.getByText('Terminez la connexion dans la fenêtre Microsoft.')).toBeVisible();
    // The hint typed in Guichet, completed with the organization's domain.
    await expect(popup.getByLabel('E-mail, téléphone ou identifiant Skype')).toHaveValue('nadia.benali@univ-demo.ma');

    // A wrong password stays on the directory's page.
    await popup.getByLabel('Mot de passe').fill('pas-le-bon');
    await popup.getByRole('button', { name: 'Se connecter' }).click();
    await expect(popup.getByRole('alert')).toContainText('Votre compte ou mot de passe est incorrect');
    await step(page, 'signin-external');

    await popup.getByLabel('Mot de passe').fill('Bienvenue2025!');
    await popup.getByRole('button', { name: 'Se connecter' }).click();
    await step(page, 'security-info');
    // The page went with the step.
    await expect.poll(() => popup.isClosed()).toBe(true);
    await expect(page.getByText("ne perdez pas l'accès à votre compte !")).toBeVisible();
    await expect(page.getByText('nadia.benali@univ-demo.ma')).toBeVisible();
    expect(fake.state.tokenRequests).toContainEqual({ grantType: 'authorization_code', status: 200 });

    await enrollPhone(page, host.dataDir, '0701071074', '+212701071074');
    await expect(page.getByText('+212 701071074')).toBeVisible();
    expect(fake.state.userByUpn('nadia.benali@univ-demo.ma').phoneMethods).toEqual([
      expect.objectContaining({ phoneType: 'mobile', phoneNumber: '+212 701071074', id: '3179e48a-750b-4051-897c-87b9720928f7' }),
    ]);

    await page.getByRole('button', { name: 'terminer' }).click();
    await step(page, 'home');
    expect(problems, 'CSP violations or page errors').toEqual([]);
  } finally {
    await host.stop();
    await fake.stop();
  }
});

base('comes back to the identifier with a message when the visitor closes the directory’s page', async ({ page }) => {
  const fake = await startFakeGraph({ users: demoUsers });
  const host = await startGraphHost(fake);
  try {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByLabel("E-mail ou nom d'utilisateur").fill('leila.amrani@univ-demo.ma');
    await page.getByRole('button', { name: 'Suivant' }).click();
    // "Annuler" while the page is open closes it.
    const first = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Ouvrir la page de connexion Microsoft' }).click();
    const cancelled = await first;
    await cancelled.waitForURL((url) => url.origin === fake.authorityHost);
    await page.getByRole('button', { name: 'Annuler' }).click();
    await step(page, 'signin-identifier');
    await expect.poll(() => cancelled.isClosed()).toBe(true);
    await expect(page.getByRole('alert')).toHaveText('');

    await page.getByRole('button', { name: 'Suivant' }).click();
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Ouvrir la page de connexion Microsoft' }).click();
    const popup = await popupOpened;
    await popup.waitForURL((url) => url.origin === fake.authorityHost);
    await popup.close();
    await step(page, 'signin-identifier');
    await expect(page.getByText('La fenêtre de connexion a été fermée avant la fin.')).toBeVisible();

    // Conditional Access blocks this account: the page says so, and Guichet shows the helpdesk.
    await page.getByRole('button', { name: 'Suivant' }).click();
    const again = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Ouvrir la page de connexion Microsoft' }).click();
    const second = await again;
    await second.waitForURL((url) => url.origin === fake.authorityHost);
    await second.getByLabel('Mot de passe').fill('Bienvenue2025!');
    await second.getByRole('button', { name: 'Se connecter' }).click();
    await step(page, 'signin-identifier');
    await expect(page.getByText("La connexion n'a pas abouti.")).toBeVisible();
    await expect(page.getByRole('alert').getByText('support@', { exact: false })).toBeVisible();
  } finally {
    await host.stop();
    await fake.stop();
  }
});
