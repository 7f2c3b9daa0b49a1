import { lastCode, outbox, testConfig } from '../support/browser-host-process';
import { expect, step, test } from './fixtures';
import { enrollPhone, signIn } from './flows';

test('a new user registers a phone by SMS (national format) and an email, and sees both ✓', async ({ app, host }) => {
  await signIn(app, 'nadia.benali', 'Bienvenue2025!');
  await step(app, 'security-info');
  await expect(app.getByText("ne perdez pas l'accès à votre compte !")).toBeVisible();
  await expect(app.getByText(/Téléphone d'authentification n'est pas configuré\(e\)/)).toBeVisible();
  await expect(app.getByRole('button', { name: 'terminer' })).toBeDisabled();

  await enrollPhone(app, host.dataDir, '0701071074', '+212701071074');
  await expect(app.getByText(/Merci ! Nous utiliserons les informations ci-dessous/)).toBeVisible();
  await expect(app.getByText(/Téléphone d'authentification est défini\(e\) sur/)).toBeVisible();
  await expect(app.getByText('+212 701071074')).toBeVisible();

  await app.getByRole('button', { name: 'Configurer maintenant' }).click();
  await step(app, 'enroll-email');
  await app.getByLabel("Adresse électronique d'authentification").fill('nadia.perso@gmail.com');
  await app.getByRole('button', { name: "m'envoyer un code" }).click();
  await expect(app.getByLabel('Code de vérification')).toBeVisible();
  await app.getByLabel('Code de vérification').fill(lastCode(host.dataDir, 'nadia.perso@gmail.com'));
  await app.getByRole('button', { name: 'vérifier' }).click();
  await step(app, 'security-info');
  await expect(app.getByText('nadia.perso@gmail.com')).toBeVisible();
  expect(outbox(host.dataDir).some((m) => m.to === 'nadia.benali@univ-demo.ma' && /ajoutée/.test(m.text))).toBe(true);

  await app.getByRole('button', { name: 'terminer' }).click();
  await step(app, 'home');
});

test('registers a phone by call, refuses a wrong code, and "précédent" and "annuler" lose nothing', async ({ app, host }) => {
  await signIn(app, 'nadia.benali', 'Bienvenue2025!');
  await app.getByRole('button', { name: 'Configurer maintenant' }).first().click();
  await app.getByLabel("Téléphone d'authentification").fill('+212 701-071-074');
  await app.getByRole('button', { name: "m'appeler" }).click();
  await expect(app.getByLabel('Code de vérification')).toBeVisible();
  await expect(app.getByText('Nous vous appelons. Répondez et saisissez le code que vous entendrez.')).toBeVisible();
  expect(outbox(host.dataDir).at(-1)).toMatchObject({ channel: 'voice', to: '+212701071074' });
  const code = lastCode(host.dataDir, '+212701071074');
  await app.getByLabel('Code de vérification').fill(code === '111111' ? '222222' : '111111');
  await app.getByRole('button', { name: 'vérifier' }).click();
  await expect(app.getByText('Ce code est incorrect. Vérifiez-le et réessayez.')).toBeVisible();
  await app.getByRole('button', { name: 'précédent' }).click();
  await step(app, 'security-info');
  await expect(app.getByText(/Téléphone d'authentification n'est pas configuré\(e\)/)).toBeVisible();
  await app.getByRole('button', { name: 'annuler' }).click();
  await step(app, 'home');
});

test('changes an existing phone and keeps "terminer" only while the minimum is met', async ({ app, host }) => {
  await signIn(app, 'youssef.alaoui', 'Bienvenue2025!');
  await step(app, 'security-info');
  await expect(app.getByRole('button', { name: 'terminer' })).toBeEnabled();
  await expect(app.getByText('+212 612345678')).toBeVisible();
  await app.getByRole('button', { name: 'Changer' }).click();
  await step(app, 'enroll-phone');
  await expect(app.getByRole('button', { name: 'Supprimer ce téléphone' })).toHaveCount(0);
  await app.getByLabel("Téléphone d'authentification").fill('0700000001');
  await app.getByRole('button', { name: "m'envoyer un SMS" }).click();
  await expect(app.getByLabel('Code de vérification')).toBeVisible();
  await app.getByLabel('Code de vérification').fill(lastCode(host.dataDir, '+212700000001'));
  await app.getByRole('button', { name: 'vérifier' }).click();
  await step(app, 'security-info');
  await expect(app.getByText('+212 700000001')).toBeVisible();
  expect(outbox(host.dataDir).some((m) => m.channel === 'email' && /modifiée/.test(m.text))).toBe(true);
});

test('resends a code after the cooldown with a visible countdown', async ({ app, host }) => {
  await signIn(app, 'nadia.benali', 'Bienvenue2025!');
  await app.getByRole('button', { name: 'Configurer maintenant' }).first().click();
  await app.getByLabel("Téléphone d'authentification").fill('0701071074');
  await app.getByRole('button', { name: "m'envoyer un SMS" }).click();
  await expect(app.getByRole('button', { name: 'réessayer' })).toBeDisabled();
  await expect(app.getByText(/Vous pourrez demander un nouveau code dans \d+\ss/)).toBeVisible();
  await expect(app.getByRole('button', { name: 'réessayer' })).toBeEnabled({ timeout: 10_000 });
  await app.getByRole('button', { name: 'réessayer' }).click();
  // The countdown starts again once the new code is out.
  await expect(app.getByText(/Vous pourrez demander un nouveau code dans \d+\ss/)).toBeVisible();
  expect(outbox(host.dataDir).filter((m) => m.to === '+212701071074')).toHaveLength(2);
  await app.getByLabel('Code de vérification').fill(lastCode(host.dataDir, '+212701071074'));
  await app.getByRole('button', { name: 'vérifier' }).click();
  await step(app, 'security-info');
});

test.describe('with a short code lifetime', () => {
  test.use({ hostConfig: { ...testConfig, security: { ...testConfig.security, code: { ttlSeconds: 2, resendSeconds: 1 } } } });

  test('refuses an expired code', async ({ app, host }) => {
    await signIn(app, 'nadia.benali', 'Bienvenue2025!');
    await app.getByRole('button', { name: 'Configurer maintenant' }).first().click();
    await app.getByLabel("Téléphone d'authentification").fill('0701071074');
    await app.getByRole('button', { name: "m'envoyer un SMS" }).click();
    await expect(app.getByLabel('Code de vérification')).toBeVisible();
    const code = lastCode(host.dataDir, '+212701071074');
    await app.waitForTimeout(2_500);
    await app.getByLabel('Code de vérification').fill(code);
    await app.getByRole('button', { name: 'vérifier' }).click();
    await expect(app.getByText(/Ce code a expiré/)).toBeVisible();
  });
});

test('speaks English end to end: sign in, register a phone', async ({ app, host }) => {
  await app.getByRole('button', { name: 'English' }).click();
  await signIn(app, 'nadia.benali', 'Bienvenue2025!', { signIn: 'Sign in', identifier: 'Email or username', next: 'Next', password: 'Password' });
  await step(app, 'security-info');
  await expect(app.getByText("don't lose access to your account!", { exact: false })).toBeVisible();
  await app.getByRole('button', { name: 'Set it up now' }).first().click();
  await app.getByLabel('Authentication phone').fill('0701071074');
  await app.getByRole('button', { name: 'text me' }).click();
  await expect(app.getByLabel('Verification code')).toBeVisible();
  await app.getByLabel('Verification code').fill(lastCode(host.dataDir, '+212701071074'));
  await app.getByRole('button', { name: 'verify', exact: true }).click();
  await step(app, 'security-info');
  expect(outbox(host.dataDir).find((m) => m.channel === 'sms')!.text).toMatch(/your code is/);
});

test('says "incorrect username or password" alike for a wrong password and an unknown account', async ({ app }) => {
  await signIn(app, 'nobody.here', 'Whatever#2026');
  await expect(app.getByText("Nom d'utilisateur ou mot de passe incorrect.")).toBeVisible();
  await app.getByRole('button', { name: /Retour/ }).click();
  await app.getByLabel("E-mail ou nom d'utilisateur").fill('nadia.benali');
  await app.getByRole('button', { name: 'Suivant' }).click();
  await app.getByLabel('Mot de passe', { exact: true }).fill('Whatever#2026');
  await app.getByRole('button', { name: 'Se connecter' }).click();
  await expect(app.getByText("Nom d'utilisateur ou mot de passe incorrect.")).toBeVisible();
  // A locked account gets this same answer, so the way out is offered to everyone who got it wrong.
  await app.getByRole('button', { name: 'Compte verrouillé ? Mot de passe oublié ?' }).click();
  await step(app, 'recovery-identify');
  await expect(app.locator('#identifier')).toHaveValue('nadia.benali');
});
