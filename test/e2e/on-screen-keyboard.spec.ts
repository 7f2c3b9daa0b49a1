import fs from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { lastCode, testConfig } from '../support/browser-host-process';
import { expect, step, test } from './fixtures';
import { fr } from './flows';

test.use({ hostConfig: { ...testConfig, kiosk: { onScreenKeyboard: true } } });

type Texts = { [key: string]: string | Texts };
const texts = (locale: string) => JSON.parse(fs.readFileSync(new URL(`../../shared/locales/${locale}.json`, import.meta.url), 'utf8')) as Texts;
const text = (tree: Texts, path: string) => path.split('.').reduce<string | Texts>((node, key) => (node as Texts)[key]!, tree) as string;

const french = texts('fr');
const keyboardOf = (page: Page, locale = french) => page.getByRole('region', { name: text(locale, 'keyboard.label') });
const key = (keyboard: Locator, name: string) => keyboard.getByRole('button', { name, exact: true });

/** Types `value` by tapping the on-screen keys only (French labels), as a visitor at a touchscreen kiosk would. */
async function tapText(keyboard: Locator, value: string) {
  const spoken = (c: string) => text(french, `keyboard.symbol.${{ '@': 'at', '.': 'period', '!': 'exclamation', '+': 'plus' }[c]}`);
  for (const c of value) {
    if (/[a-z0-9]/.test(c)) {
      await key(keyboard, c).click();
    } else if (/[A-Z]/.test(c)) {
      await key(keyboard, text(french, 'keyboard.shift')).click();
      await key(keyboard, c).click();
    } else if (c === '@' || c === '.' || c === '+') {
      await key(keyboard, spoken(c)).click();
    } else {
      await key(keyboard, text(french, 'keyboard.symbols')).click();
      await key(keyboard, spoken(c)).click();
      await key(keyboard, text(french, 'keyboard.letters')).click();
    }
  }
}

test('signs in by tapping the on-screen keys only, the field keeping its focus', async ({ app, host }) => {
  const keyboard = keyboardOf(app);
  await expect(keyboard).toHaveCount(0);
  await app.getByRole('button', { name: fr.signIn }).click();
  await step(app, 'signin-identifier');

  const identifier = app.getByLabel(fr.identifier);
  await expect(identifier).toBeFocused();
  await expect(keyboard).toBeVisible();
  await expect(keyboard).toHaveAttribute('data-layout', 'azerty');
  await expect(keyboard).toHaveAttribute('dir', 'ltr');
  for (const box of await keyboard.getByRole('button').evaluateAll((keys) => keys.map((k) => k.getBoundingClientRect().toJSON() as DOMRect))) {
    expect(box.width).toBeGreaterThanOrEqual(44);
    expect(box.height).toBeGreaterThanOrEqual(44);
  }

  await tapText(keyboard, 'nadia.benalix');
  await key(keyboard, text(french, 'keyboard.backspace')).click();
  await expect(identifier).toHaveValue('nadia.benali');
  await expect(identifier).toBeFocused();
  await app.getByRole('button', { name: 'Suivant' }).click();

  await step(app, 'signin-password');
  const password = app.getByLabel('Mot de passe', { exact: true });
  await expect(password).toBeFocused();
  await expect(keyboard).toBeVisible();
  await tapText(keyboard, 'Bienvenue2025!');
  // Shift held for one letter only.
  await expect(key(keyboard, text(french, 'keyboard.shift'))).toHaveAttribute('aria-pressed', 'false');
  await app.getByRole('button', { name: fr.signIn }).click();

  await step(app, 'security-info');
  await expect(keyboard).toHaveCount(0);
  // Nothing typed is kept in the page's storage or written to the host's log.
  expect(await app.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
  expect(host.output.join('')).not.toContain('Bienvenue2025!');
});

test('phone numbers and codes get a pad of digits', async ({ app, host }) => {
  const keyboard = keyboardOf(app);
  await app.getByRole('button', { name: fr.signIn }).click();
  await tapText(keyboard, 'nadia.benali');
  await app.getByRole('button', { name: 'Suivant' }).click();
  await step(app, 'signin-password');
  await tapText(keyboard, 'Bienvenue2025!');
  await app.getByRole('button', { name: fr.signIn }).click();
  await step(app, 'security-info');

  await app.getByRole('button', { name: 'Configurer maintenant' }).first().click();
  await step(app, 'enroll-phone');
  await app.getByLabel("Téléphone d'authentification").click();
  await expect(keyboard).toHaveAttribute('data-layout', 'tel');
  await expect(key(keyboard, 'a')).toHaveCount(0);
  await expect(key(keyboard, text(french, 'keyboard.symbol.plus'))).toBeVisible();
  await tapText(keyboard, '0701071074');
  await app.getByRole('button', { name: "m'envoyer un SMS" }).click();

  const code = app.getByLabel('Code de vérification');
  await expect(code).toBeFocused();
  await expect(keyboard).toHaveAttribute('data-layout', 'numeric');
  await expect(key(keyboard, text(french, 'keyboard.symbol.plus'))).toHaveCount(0);
  await tapText(keyboard, lastCode(host.dataDir, '+212701071074'));
  await app.getByRole('button', { name: 'vérifier' }).click();
  await step(app, 'security-info');
  await expect(app.getByText('+212 701071074')).toBeVisible();
});

test('Arabic: Latin letters for the identifier, an Arabic layout one tap away; the keyboard hides and comes back', async ({ app }) => {
  const arabic = texts('ar');
  await app.getByRole('button', { name: 'العربية' }).click();
  await expect(app.locator('.page')).toHaveAttribute('dir', 'rtl');
  await app.getByRole('button', { name: text(arabic, 'home.signIn') }).click();
  await step(app, 'signin-identifier');

  const keyboard = keyboardOf(app, arabic);
  const identifier = app.getByLabel(text(arabic, 'signin.identifier'));
  await expect(identifier).toBeFocused();
  await expect(keyboard).toHaveAttribute('data-layout', 'azerty');
  await expect(keyboard).toHaveAttribute('dir', 'ltr');
  await key(keyboard, 'n').click();
  await key(keyboard, text(arabic, 'keyboard.arabic')).click();
  await expect(keyboard).toHaveAttribute('data-layout', 'arabic');
  await key(keyboard, 'ض').click();
  await key(keyboard, text(arabic, 'keyboard.latin')).click();
  await expect(keyboard).toHaveAttribute('data-layout', 'azerty');
  await key(keyboard, text(arabic, 'keyboard.symbol.at')).click();
  await expect(identifier).toHaveValue('nض@');

  await key(keyboard, text(arabic, 'keyboard.hideLabel')).click();
  await expect(keyboard).toHaveCount(0);
  await expect(identifier).toBeFocused();
  await identifier.click();
  await expect(keyboard).toBeVisible();
});
