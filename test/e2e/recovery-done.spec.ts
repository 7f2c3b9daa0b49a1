import { lastCode, testConfig } from '../support/browser-host-process';
import { expect, step, test } from './fixtures';
import { confirmAndWaitForCode, setNewPassword, startRecovery } from './flows';

test.use({ hostConfig: { ...testConfig, kiosk: { returnHomeSeconds: 5 } } });

test('the done screen keeps the seed heading, says the password was reset and that it goes home, then does', async ({ app, host }) => {
  await startRecovery(app, 'salma.idrissi');
  await confirmAndWaitForCode(app, 'Envoyer un SMS à mon téléphone mobile', 'Entrez votre numéro de téléphone', '0701071074', 'Envoyer un SMS');
  await app.getByLabel('Entrez le code de vérification').fill(lastCode(host.dataDir, '+212701071074'));
  await app.getByRole('button', { name: 'Suivant' }).click();
  await step(app, 'recovery-password');
  await setNewPassword(app, 'Nouveau#Pass2026');
  await step(app, 'recovery-done');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Retournez sur votre compte');
  await expect(app.getByText('Votre mot de passe a été réinitialisé')).toBeVisible();
  await expect(app.getByText("Cet écran revient à l'accueil dans quelques instants.")).toBeVisible();
  await step(app, 'home');
});
