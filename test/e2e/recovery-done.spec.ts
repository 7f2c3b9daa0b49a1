import { testConfig } from '../support/browser-host-process';
import { expect, step, test } from './fixtures';
import { reachPasswordStep, setNewPassword } from './flows';

test.use({ hostConfig: { ...testConfig, kiosk: { returnHomeSeconds: 5 } } });

test('the done screen keeps the seed heading, says the password was reset and that it goes home, then does', async ({ app, host }) => {
  await reachPasswordStep(app, host.dataDir);
  await setNewPassword(app, 'Nouveau#Pass2026');
  await step(app, 'recovery-done');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Retournez sur votre compte');
  await expect(app.getByText('Votre mot de passe a été réinitialisé')).toBeVisible();
  await expect(app.getByText("Cet écran revient à l'accueil dans quelques instants.")).toBeVisible();
  await step(app, 'home');
});
