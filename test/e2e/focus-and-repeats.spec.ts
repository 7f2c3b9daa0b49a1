import { testConfig } from '../support/browser-host-process';
import { expect, step, test } from './fixtures';
import { signIn } from './flows';

const captchaLabel = "Saisissez les caractères de l'image ou les mots du fichier audio.";

test.describe('with the CAPTCHA on', () => {
  test.use({ hostConfig: { ...testConfig, recovery: { captcha: true } } });

  test('after a wrong CAPTCHA the focus is on the new CAPTCHA field, empty, under the new image', async ({ app }) => {
    await app.getByRole('button', { name: "J'ai oublié mon mot de passe" }).click();
    await step(app, 'recovery-identify');
    await app.getByLabel("E-mail ou nom d'utilisateur").fill('youssef.alaoui');
    const image = app.locator('.captcha-image');
    const first = await image.getAttribute('src');
    // Not from the alphabet (no 0, O, 1): never the answer.
    await app.getByLabel(captchaLabel).fill('00000');
    await app.getByRole('button', { name: 'Suivant' }).click();
    await expect(app.getByText("Les caractères saisis ne correspondent pas à l'image. Réessayez avec la nouvelle image.")).toBeVisible();
    await expect(image).not.toHaveAttribute('src', first!);
    await expect(app.getByLabel(captchaLabel)).toBeFocused();
    await expect(app.getByLabel(captchaLabel)).toHaveValue('');
    // The identifier the visitor typed stays.
    await expect(app.getByLabel("E-mail ou nom d'utilisateur")).toHaveValue('youssef.alaoui');

    // "Nouvelle image" replaces the control the visitor was on: the focus goes to the field as well.
    const second = await image.getAttribute('src');
    await app.getByRole('button', { name: 'Nouvelle image' }).click();
    await expect(image).not.toHaveAttribute('src', second!);
    await expect(app.getByLabel(captchaLabel)).toBeFocused();
  });
});

test('after a wrong password the password field is empty, each time', async ({ app }) => {
  await signIn(app, 'salma.idrissi', 'Pas#LeBon2026');
  const field = app.getByLabel('Mot de passe', { exact: true });
  await expect(app.getByText("Nom d'utilisateur ou mot de passe incorrect.")).toBeVisible();
  await expect(field).toHaveValue('');
  await field.fill('Toujours#Pas2026');
  await app.getByRole('button', { name: 'Se connecter' }).click();
  await expect(field).toHaveValue('');
  await step(app, 'signin-password');
});
