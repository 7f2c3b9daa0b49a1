import { readFileSync } from 'node:fs';
import type { Session } from 'electron';
import type { ElectronApplication, Page } from '@playwright/test';
import { demoUsers } from '../support/fake-graph/demo-users';
import { startFakeGraph, type FakeGraph } from '../support/fake-graph/fake-graph';
import { step } from '../e2e/fixtures';
import { enrollPhone } from '../e2e/flows';
import { graphHost } from '../e2e/graph-host';
import { expect, test as appTest } from './fixtures';

/** The app on Entra ID through the local Graph service (the tests' HTTPS fake), reached only through its config. */
const test = appTest.extend<{ fake: FakeGraph }>({
  // eslint-disable-next-line no-empty-pattern
  fake: async ({}, use) => {
    const fake = await startFakeGraph({ users: demoUsers });
    await use(fake);
    await fake.stop();
  },
  appConfig: async ({ fake }, use) => use(graphHost(fake).config),
  appEnv: async ({ fake }, use) => use(graphHost(fake).env),
});

type Held = { __signInSession?: Session };

/**
 * Chromium in the app does not know the local token service's own CA. The main process is told, through Electron's
 * `certificate-error` event, to accept it for that one origin only: any other certificate error still fails.
 */
const trustAuthority = (electronApp: ElectronApplication, fake: FakeGraph) =>
  electronApp.evaluate(({ app }, authority) => {
    app.on('certificate-error', (event, _contents, url, _error, _certificate, callback) => {
      if (new URL(url).origin !== authority) return callback(false);
      event.preventDefault();
      callback(true);
    });
  }, fake.authorityHost);

/** Opens the directory's page from the visitor's screen; returns it once it shows the authority's sign-in form. */
async function openSignInPage(electronApp: ElectronApplication, window: Page, fake: FakeGraph): Promise<Page> {
  await window.getByRole('button', { name: 'Se connecter' }).click();
  await step(window, 'signin-identifier');
  await window.getByLabel("E-mail ou nom d'utilisateur").fill('nadia.benali');
  await window.getByRole('button', { name: 'Suivant' }).click();
  await step(window, 'signin-external');
  const opened = electronApp.waitForEvent('window');
  await window.getByRole('button', { name: 'Ouvrir la page de connexion Microsoft' }).click();
  const signInPage = await opened;
  await signInPage.waitForURL((url) => url.origin === fake.authorityHost && url.pathname.endsWith('/oauth2/v2.0/authorize'));
  return signInPage;
}

test('signs in on the directory’s own window, limited to the authority, closed on the redirect, its storage cleared', async ({ guichet, window, fake }) => {
  await trustAuthority(guichet.electronApp, fake);
  const signInPage = await openSignInPage(guichet.electronApp, window, fake);
  await expect(signInPage.getByLabel('E-mail, téléphone ou identifiant Skype')).toHaveValue('nadia.benali@univ-demo.ma');

  // Its own window: a child of the visitor's, sandboxed, without Node, in its own in-memory partition.
  const signInWindow = await guichet.electronApp.evaluate(async ({ app, BrowserWindow }, authority) => {
    const w = BrowserWindow.getAllWindows().find((b) => b.webContents.getURL().startsWith(authority))!;
    const pid = w.webContents.getOSProcessId();
    (globalThis as Held).__signInSession = w.webContents.session;
    // Something for the wipe to clear: the directory's cookie for this one sign-in.
    await w.webContents.session.cookies.set({ url: authority, name: 'ESTSAUTH', value: 'nadia', secure: true });
    return {
      child: w.getParentWindow() !== null,
      ownSession: w.webContents.session !== w.getParentWindow()?.webContents.session,
      persistent: w.webContents.session.isPersistent(),
      pid,
      sandboxed: app.getAppMetrics().find((m) => m.pid === pid)?.sandboxed,
      cookies: (await w.webContents.session.cookies.get({})).map((c) => c.name),
    };
  }, fake.authorityHost);
  expect(signInWindow).toMatchObject({ child: true, ownSession: true, persistent: false, cookies: ['ESTSAUTH'] });
  if (process.platform === 'linux') expect(readFileSync(`/proc/${signInWindow.pid}/status`, 'utf8')).toMatch(/^Seccomp:\s+2$/m);
  else expect(signInWindow.sandboxed).toBe(true);
  expect(await signInPage.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);

  // Anywhere but the authority is refused, and so is a new window.
  await signInPage.evaluate(() => {
    location.href = 'https://example.com/';
  });
  await guichet.logged(/navigation: refused navigation to a https URL/);
  expect(new URL(signInPage.url()).origin).toBe(fake.authorityHost);
  expect(await signInPage.evaluate(() => globalThis.open('https://example.com/') === null)).toBe(true);
  await guichet.logged(/sign-in window: refused a new window|navigation: refused a new window/);

  // The redirect closes the window before anything loads it, and the flow goes on.
  await signInPage.getByLabel('Mot de passe').fill('Bienvenue2025!');
  await signInPage.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => signInPage.isClosed()).toBe(true);
  await step(window, 'security-info');
  expect(fake.state.tokenRequests).toContainEqual({ grantType: 'authorization_code', status: 200 });

  // The partition is cleared right after the window goes, asynchronously.
  await expect
    .poll(() =>
      guichet.electronApp.evaluate(async ({ BrowserWindow }) => {
        const session = (globalThis as Held).__signInSession!;
        return { windows: BrowserWindow.getAllWindows().length, cookies: (await session.cookies.get({})).length, cache: await session.getCacheSize() };
      }),
    )
    .toEqual({ windows: 1, cookies: 0, cache: 0 });

  await enrollPhone(window, guichet.dataDir, '0701071074', '+212701071074');
  expect(fake.state.userByUpn('nadia.benali@univ-demo.ma').phoneMethods).toEqual([expect.objectContaining({ phoneType: 'mobile', phoneNumber: '+212 701071074' })]);
});

test('a sign-in window the visitor closes ends the sign-in, and nothing of it stays', async ({ guichet, window, fake }) => {
  await trustAuthority(guichet.electronApp, fake);
  const signInPage = await openSignInPage(guichet.electronApp, window, fake);
  await guichet.electronApp.evaluate(async ({ BrowserWindow }, authority) => {
    const w = BrowserWindow.getAllWindows().find((b) => b.webContents.getURL().startsWith(authority))!;
    (globalThis as Held).__signInSession = w.webContents.session;
    await w.webContents.session.cookies.set({ url: authority, name: 'ESTSAUTH', value: 'leila', secure: true });
    w.close();
  }, fake.authorityHost);
  await expect.poll(() => signInPage.isClosed()).toBe(true);
  await step(window, 'signin-identifier');
  await expect(window.getByText('La fenêtre de connexion a été fermée avant la fin.')).toBeVisible();
  await expect.poll(() => guichet.electronApp.evaluate(async () => (await (globalThis as Held).__signInSession!.cookies.get({})).length)).toBe(0);
});
