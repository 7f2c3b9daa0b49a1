import { lastCode, outbox } from '../support/browser-host-process';
import { step } from '../e2e/fixtures';
import { confirmAndWaitForCode, enrollPhone, setNewPassword, signIn, startRecovery } from '../e2e/flows';
import { expect, test } from './fixtures';

test('enrolls a phone by SMS in French, the code read from the outbox', async ({ guichet, window }) => {
  await step(window, 'home');
  await expect(window.getByRole('button', { name: 'Se connecter' })).toBeVisible();
  await signIn(window, 'nadia.benali', 'Bienvenue2025!');
  await step(window, 'security-info');
  await enrollPhone(window, guichet.dataDir, '0701071074', '+212701071074');
  await expect(window.getByText('+212 701071074')).toBeVisible();
  expect(outbox(guichet.dataDir).filter((m) => m.channel === 'sms' && m.to === '+212701071074')).toHaveLength(1);
  await window.getByRole('button', { name: 'terminer' }).click();
  await step(window, 'home');
});

test('recovers an account in French: SMS code from the outbox, a new password, then a sign-in with it', async ({ guichet, window }) => {
  await startRecovery(window, 'salma.idrissi');
  await confirmAndWaitForCode(window, 'Envoyer un SMS à mon téléphone mobile', 'Entrez votre numéro de téléphone', '0701071074', 'Envoyer un SMS');
  await window.getByLabel('Entrez le code de vérification').fill(lastCode(guichet.dataDir, '+212701071074'));
  await window.getByRole('button', { name: 'Suivant' }).click();
  await step(window, 'recovery-password');
  await setNewPassword(window, 'Nouveau#Pass2026');
  await step(window, 'recovery-done');
  await expect(window.getByText('Votre mot de passe a été réinitialisé')).toBeVisible();

  await window.getByRole('button', { name: 'cliquez ici' }).or(window.getByRole('link', { name: 'cliquez ici' })).click();
  await step(window, 'signin-identifier');
  await window.getByLabel("E-mail ou nom d'utilisateur").fill('salma.idrissi');
  await window.getByRole('button', { name: 'Suivant' }).click();
  await window.getByLabel('Mot de passe', { exact: true }).fill('Nouveau#Pass2026');
  await window.getByRole('button', { name: 'Se connecter' }).click();
  await step(window, 'security-info');
});
