import fs from 'node:fs';
import type { Page, WebSocketRoute } from '@playwright/test';
import { hashSecret } from '../../electron/core/passwords/scrypt-hash';
import { outbox, testConfig } from '../support/browser-host-process';
import { expect, step, test } from './fixtures';
import { enterPin, openAttendant, signIn } from './flows';

const pin = '482916';
// The hash carries its own (here cheap) cost, exactly as `guichet pin-hash` writes it.
const attendantPinHash = await hashSecret(pin, { ln: 10, r: 8, p: 1 });
const kiosk = { enabled: true, idleSeconds: 5, warningSeconds: 3, attendantPinHash };

test.use({ hostConfig: { ...testConfig, kiosk } });

/** Relays the page's bridge socket, keeps the last step token the page was given, and can speak on that same socket. */
async function relayBridge(page: Page) {
  const seen = { token: '', answers: new Map<number, unknown>() };
  let server: WebSocketRoute | undefined;
  await page.routeWebSocket(/\/bridge/, (ws) => {
    server = ws.connectToServer();
    ws.onMessage((message) => server!.send(message));
    server.onMessage((message) => {
      const data = JSON.parse(String(message)) as { id?: number; result?: { view?: { token: string } } };
      if (typeof data.id === 'number' && data.id >= 1_000_000) {
        seen.answers.set(data.id, data.result);
        return;
      }
      if (data.result?.view?.token) seen.token = data.result.view.token;
      ws.send(message);
    });
  });
  const send = async (name: string, payload: unknown) => {
    const id = 1_000_000 + seen.answers.size;
    server!.send(JSON.stringify({ id, name, payload }));
    await expect.poll(() => seen.answers.has(id)).toBe(true);
    return seen.answers.get(id);
  };
  return { seen, send };
}

test('a visitor who walks away leaves nothing for the next one', async ({ page, host }) => {
  const bridge = await relayBridge(page);
  await page.goto(host.url);
  await step(page, 'home');

  // Visitor A signs in and types a number that is on screen.
  await signIn(page, 'nadia.benali', 'Bienvenue2025!');
  await step(page, 'security-info');
  await page.getByRole('button', { name: /Configurer maintenant/ }).first().click();
  await step(page, 'enroll-phone');
  await page.getByLabel("Téléphone d'authentification").fill('0612345678');
  await expect(page.getByLabel("Téléphone d'authentification")).toHaveValue(/6\s?12/);
  const tokenOfA = bridge.seen.token;
  expect(tokenOfA).not.toBe('');

  // A walks away: the warning, then the wipe, with nobody touching anything.
  await expect(page.getByRole('alertdialog', { name: 'Êtes-vous toujours là ?' })).toBeVisible({ timeout: 15_000 });
  await step(page, 'home');

  // Visitor B's screen holds nothing of A.
  const html = await page.content();
  for (const trace of ['nadia', 'Nadia', 'Benali', '0612345678', '612345678', '6 12 34 56 78', '06 12 34 56 78']) expect(html).not.toContain(trace);
  const values = await page.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(values.filter((v) => v !== '')).toEqual([]);
  const storage = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).length,
    cookie: document.cookie,
  }));
  expect(storage).toEqual({ local: 0, session: 0, databases: 0, cookie: '' });
  expect(await page.context().cookies()).toEqual([]);

  // A's last step token is dead on the same connection, and nothing is sent with it.
  const replay = await bridge.send('phone.send', { token: tokenOfA, country: 'MA', number: '0612345678', channel: 'sms' });
  expect(replay).toMatchObject({ ok: false, error: { code: 'out-of-order' }, view: { step: { name: 'home' } } });
  expect(outbox(host.dataDir)).toEqual([]);

  // The attendant sees no one being served.
  await openAttendant(page);
  await enterPin(page, pin);
  await expect(page.getByRole('dialog', { name: "Menu de l'agent d'accueil" })).toBeVisible();
  await expect(page.getByTestId('attendant-live')).toHaveText('0');
  const audit = fs.readFileSync(`${host.dataDir}/audit.jsonl`, 'utf8');
  expect(audit).toContain('"event":"session.wiped"');
  expect(audit).toContain('"reason":"idle"');
});

test('"Continuer" keeps the session; "Recommencer" wipes it', async ({ app }) => {
  await app.getByRole('button', { name: 'Se connecter' }).click();
  await step(app, 'signin-identifier');
  await app.getByLabel("E-mail ou nom d'utilisateur").fill('salma.idrissi');
  const warning = app.getByRole('alertdialog', { name: 'Êtes-vous toujours là ?' });
  await expect(warning).toBeVisible({ timeout: 15_000 });
  await expect(warning.getByRole('timer')).toContainText(/\d\ss/);
  await warning.getByRole('button', { name: 'Continuer' }).click();
  await expect(warning).toBeHidden();
  // Longer than the warning's countdown: the session is still there, with what was typed.
  await app.waitForTimeout(4_000);
  await step(app, 'signin-identifier');
  await expect(app.getByLabel("E-mail ou nom d'utilisateur")).toHaveValue('salma.idrissi');

  await expect(warning).toBeVisible({ timeout: 15_000 });
  await warning.getByRole('button', { name: 'Recommencer' }).click();
  await step(app, 'home');
});

test('the attendant PIN opens the menu; wrong PINs are throttled', async ({ app, host }) => {
  await openAttendant(app);
  await enterPin(app, '000000');
  await expect(app.getByRole('dialog').getByText("Code de l'agent incorrect.")).toBeVisible();
  await app.getByRole('button', { name: 'Annuler' }).click();
  await expect(app.getByRole('dialog')).toBeHidden();

  await openAttendant(app);
  await enterPin(app, pin);
  const menu = app.getByRole('dialog', { name: "Menu de l'agent d'accueil" });
  await expect(menu).toBeVisible();
  await expect(menu.getByTestId('attendant-backend')).toHaveText('embedded — joignable');
  await expect(menu.getByTestId('attendant-today')).toHaveText('0 méthode(s) enregistrée(s), 0 mot(s) de passe réinitialisé(s)');
  await expect(menu.getByText('SMS (outbox)')).toBeVisible();
  await menu.getByRole('button', { name: 'Fermer' }).click();
  await expect(menu).toBeHidden();

  // Five wrong PINs in a row, then even the right one waits.
  await openAttendant(app);
  for (let i = 0; i < 5; i++) {
    await enterPin(app, `11111${i}`);
    await expect(app.getByRole('dialog').getByText("Code de l'agent incorrect.")).toBeVisible();
  }
  await enterPin(app, pin);
  await expect(app.getByRole('dialog').getByText('Trop de tentatives. Veuillez patienter avant de réessayer.')).toBeVisible();
  await expect(app.getByRole('dialog', { name: "Menu de l'agent d'accueil" })).toBeHidden();
  const audit = fs.readFileSync(`${host.dataDir}/audit.jsonl`, 'utf8');
  expect(audit.match(/"event":"attendant.fail"/g)).toHaveLength(6);
  expect(audit).toContain('"scope":"attendant"');
  expect(audit).not.toContain(pin);
});

test.describe('with the CAPTCHA on', () => {
  test.use({ hostConfig: { ...testConfig, kiosk, recovery: { captcha: true } } });

  test('the attendant PIN passes the CAPTCHA for a visitor who can neither read nor hear it', async ({ app }) => {
    await app.getByRole('button', { name: "J'ai oublié mon mot de passe" }).click();
    await step(app, 'recovery-identify');
    await expect(app.getByRole('img', { name: /caractères/ })).toBeVisible();
    await app.getByRole('button', { name: /demander l'aide de l'accueil/ }).click();
    await expect(app.getByRole('dialog', { name: "Code de l'agent d'accueil" })).toContainText('valider cette étape pour vous');
    await enterPin(app, pin);
    await expect(app.getByRole('dialog')).toBeHidden();
    await expect(app.locator('.captcha')).toHaveCount(0);
    await app.getByLabel("E-mail ou nom d'utilisateur").fill('youssef.alaoui');
    await app.getByRole('button', { name: 'Suivant' }).click();
    await step(app, 'recovery-verify');
  });
});

test.describe('on a touchscreen kiosk', () => {
  test.use({ hostConfig: { ...testConfig, kiosk: { ...kiosk, onScreenKeyboard: true }, recovery: { captcha: true } } });

  test('the attendant types the PIN on the on-screen keys inside the dialog', async ({ app }) => {
    await app.getByRole('button', { name: "J'ai oublié mon mot de passe" }).click();
    await step(app, 'recovery-identify');
    await app.getByRole('button', { name: /demander l'aide de l'accueil/ }).click();
    const dialog = app.getByRole('dialog', { name: "Code de l'agent d'accueil" });
    await expect(dialog.getByLabel("Code de l'agent", { exact: true })).toBeFocused();
    const keys = dialog.getByRole('region', { name: 'Clavier virtuel' });
    for (const digit of pin) await keys.getByRole('button', { name: digit, exact: true }).click();
    await expect(dialog.getByLabel("Code de l'agent", { exact: true })).toHaveValue(pin);
    await dialog.getByRole('button', { name: 'Valider' }).click();
    await expect(dialog).toBeHidden();
    await expect(app.locator('.captcha')).toHaveCount(0);
  });
});

test('the attendant reloads the configuration, and quits', async ({ app, host }) => {
  const config = JSON.parse(fs.readFileSync(host.configFile, 'utf8')) as { organization: { name: string } };
  config.organization.name = 'Université Rechargée';
  fs.writeFileSync(host.configFile, JSON.stringify(config));

  await openAttendant(app);
  await enterPin(app, pin);
  await app.getByRole('button', { name: 'Recharger la configuration' }).click();
  // The page reconnects on its own to the core started from the file as it is now.
  await expect(app.getByText('Université Rechargée').first()).toBeVisible();
  await step(app, 'home');

  await openAttendant(app);
  await enterPin(app, pin);
  await app.getByRole('button', { name: 'Quitter Guichet' }).click();
  await expect(app.locator('[data-state="connection-lost"]')).toBeVisible();
  await expect.poll(() => host.output.join('')).toContain('configuration reloaded');
});
