import { test as base, expect } from '@playwright/test';
import { lastCode } from '../support/browser-host-process';
import { demoUsers } from '../support/fake-graph/demo-users';
import { startFakeGraph } from '../support/fake-graph/fake-graph';
import { confirmAndWaitForCode, startRecovery } from './flows';
import { startGraphHost } from './graph-host';

// Microsoft Entra ID behind the browser host: the local Graph and token service, reached only through config.
base('resets an Entra ID password in French through Microsoft Graph', async ({ page }) => {
  const fake = await startFakeGraph({ users: demoUsers });
  const host = await startGraphHost(fake);
  try {
    await page.goto(host.url);
    await startRecovery(page, 'youssef.alaoui@univ-demo.ma');
    await confirmAndWaitForCode(page, 'Envoyer un SMS à mon téléphone mobile', 'Entrez votre numéro de téléphone', '0612345678', 'Envoyer un SMS');
    await page.getByLabel('Entrez le code de vérification').fill(lastCode(host.dataDir, '+212612345678'));
    await page.getByRole('button', { name: 'Suivant' }).click();
    await expect(page.locator('[data-step="recovery-password"]')).toBeVisible();
    await page.getByLabel('Saisissez le nouveau mot de passe').fill('Nouveau#Pass2026');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('Nouveau#Pass2026');
    await page.getByRole('button', { name: 'Terminer' }).click();
    await expect(page.locator('[data-step="recovery-done"]')).toBeVisible();
    expect(fake.state.userByUpn('youssef.alaoui@univ-demo.ma').password).toBe('Nouveau#Pass2026');
  } finally {
    await host.stop();
    await fake.stop();
  }
});
