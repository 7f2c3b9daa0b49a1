import fs from 'node:fs';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startHost } from '../support/browser-host-process';
import { step, test } from './fixtures';

test('shows the home screen in French, switches to English and Arabic, with the helpdesk contact', async ({ app }) => {
  await step(app, 'home');
  await expect(app.getByRole('heading', { name: 'Université Démo' }).or(app.getByText('Université Démo')).first()).toBeVisible();
  await expect(app.getByRole('button', { name: 'Se connecter' })).toBeVisible();
  await expect(app.getByRole('button', { name: "J'ai oublié mon mot de passe" })).toBeVisible();
  await expect(app.getByText('support@univ-demo.ma')).toBeVisible();
  await expect(app.locator('html')).toHaveAttribute('lang', 'fr');

  await app.getByRole('button', { name: 'English' }).click();
  await expect(app.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(app.locator('html')).toHaveAttribute('lang', 'en');

  await app.getByRole('button', { name: 'العربية' }).click();
  await expect(app.locator('html')).toHaveAttribute('dir', 'rtl');
});

base('an invalid config yields the out-of-service screen and a precise log line', async ({ page }) => {
  const host = await startHost({ kiosk: { idleSeconds: 'soon' }, backend: { type: 'novell' } });
  try {
    await page.goto(host.url);
    await expect(page.locator('[data-step="out-of-service"]')).toBeVisible();
    await expect(page.getByText('Hors service — veuillez contacter le support informatique').first()).toBeVisible();
    const log = host.output.join('');
    expect(log).toContain(`config invalid: ${host.configFile}: kiosk.idleSeconds:`);
    expect(log).toMatch(/backend\.type: .*"embedded"/);
  } finally {
    await host.stop();
  }
});

test('writes the outbox where the config says', async ({ host, app }) => {
  // The default outbox path is the data folder; the SMS below lands there and nowhere else.
  await app.getByRole('button', { name: "J'ai oublié mon mot de passe" }).click();
  await app.getByLabel("E-mail ou nom d'utilisateur").fill('youssef.alaoui');
  await app.getByRole('button', { name: 'Suivant' }).click();
  await app.getByLabel('Envoyer un SMS à mon téléphone mobile').click();
  await expect(app.getByLabel('Envoyer un SMS à mon téléphone mobile')).toBeChecked();
  await app.getByLabel('Entrez votre numéro de téléphone').fill('0612345678');
  await app.getByRole('button', { name: 'Envoyer un SMS' }).click();
  await expect(app.getByText('Nous avons envoyé un SMS contenant un code de vérification à votre téléphone.')).toBeVisible();
  const lines = fs.readFileSync(path.join(host.dataDir, 'outbox.jsonl'), 'utf8').trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]!)).toMatchObject({ channel: 'sms', to: '+212612345678', text: expect.stringMatching(/\d{6}/) });
  expect(host.output.join('')).toContain('[outbox]');
});
