import type { Page } from '@playwright/test';
import { lastCode } from '../support/browser-host-process';
import { expect, step } from './fixtures';

export const fr = {
  signIn: 'Se connecter',
  forgot: "J'ai oublié mon mot de passe",
  identifier: "E-mail ou nom d'utilisateur",
};

export async function signIn(page: Page, user: string, password: string, t = { signIn: 'Se connecter', identifier: "E-mail ou nom d'utilisateur", next: 'Suivant', password: 'Mot de passe' }) {
  await page.getByRole('button', { name: t.signIn }).click();
  await step(page, 'signin-identifier');
  await page.getByLabel(t.identifier).fill(user);
  await page.getByRole('button', { name: t.next }).click();
  await step(page, 'signin-password');
  await page.getByLabel(t.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: t.signIn }).click();
}

/** Where a test reads the code a visitor received: a host's data folder (its outbox), or a reader of a local provider. */
export type Codes = string | ((to: string) => string);

const codeFor = (codes: Codes, to: string) => (typeof codes === 'string' ? lastCode(codes, to) : codes(to));

export async function enrollPhone(page: Page, codes: Codes, national: string, e164: string, channel: "m'envoyer un SMS" | "m'appeler" = "m'envoyer un SMS") {
  await page.getByRole('button', { name: /Configurer maintenant|Changer/ }).first().click();
  await step(page, 'enroll-phone');
  await page.getByLabel("Téléphone d'authentification").fill(national);
  await page.getByRole('button', { name: channel }).click();
  await expect(page.getByLabel('Code de vérification')).toBeVisible();
  await page.getByLabel('Code de vérification').fill(codeFor(codes, e164));
  await page.getByRole('button', { name: 'vérifier' }).click();
  await step(page, 'security-info');
}

export async function enrollEmail(page: Page, codes: Codes, address: string) {
  await page.locator('li.method', { hasText: "Adresse électronique d'authentification" }).getByRole('button').click();
  await step(page, 'enroll-email');
  await page.getByLabel("Adresse électronique d'authentification").fill(address);
  await page.getByRole('button', { name: "m'envoyer un code" }).click();
  await expect(page.getByLabel('Code de vérification')).toBeVisible();
  await page.getByLabel('Code de vérification').fill(codeFor(codes, address));
  await page.getByRole('button', { name: 'vérifier' }).click();
  await step(page, 'security-info');
}

export async function startRecovery(page: Page, identifier: string) {
  await page.getByRole('button', { name: fr.forgot }).click();
  await step(page, 'recovery-identify');
  await page.getByLabel(fr.identifier).fill(identifier);
  await page.getByRole('button', { name: 'Suivant' }).click();
  await step(page, 'recovery-verify');
}

export async function chooseAndConfirm(page: Page, option: string, field: string, value: string, button: string) {
  await page.getByLabel(option).click();
  await expect(page.getByLabel(option)).toBeChecked();
  await page.getByLabel(field).fill(value);
  await page.getByRole('button', { name: button, exact: true }).click();
}

/** Confirms the destination and waits until the code is out (the code field appears). */
export async function confirmAndWaitForCode(page: Page, option: string, field: string, value: string, button: string) {
  await chooseAndConfirm(page, option, field, value, button);
  await expect(page.getByLabel('Entrez le code de vérification')).toBeVisible();
}

/** Types the new password twice and submits it; the caller checks what follows (done, or a refusal). */
export async function setNewPassword(page: Page, password: string) {
  await page.getByLabel('Saisissez le nouveau mot de passe').fill(password);
  await page.getByLabel('Confirmez le nouveau mot de passe').fill(password);
  await page.getByRole('button', { name: 'Terminer' }).click();
}

/** The attendant's key combination, on the kiosk's keyboard. */
export async function openAttendant(page: Page) {
  await page.keyboard.press('Control+Alt+Shift+G');
  await expect(page.getByRole('dialog', { name: "Code de l'agent d'accueil" })).toBeVisible();
}

export async function enterPin(page: Page, value: string) {
  await page.getByLabel("Code de l'agent", { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Valider' }).click();
}

/** salma.idrissi's recovery by SMS up to the new-password step. */
export async function reachPasswordStep(page: Page, dataDir: string) {
  await startRecovery(page, 'salma.idrissi');
  await confirmAndWaitForCode(page, 'Envoyer un SMS à mon téléphone mobile', 'Entrez votre numéro de téléphone', '0701071074', 'Envoyer un SMS');
  await page.getByLabel('Entrez le code de vérification').fill(lastCode(dataDir, '+212701071074'));
  await page.getByRole('button', { name: 'Suivant' }).click();
  await step(page, 'recovery-password');
}
