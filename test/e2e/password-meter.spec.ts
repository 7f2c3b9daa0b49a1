import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { reachPasswordStep } from './flows';

/** Types a candidate and waits for the estimate of that candidate (the worker answers the newest only). */
async function rate(app: Page, field: string, password: string) {
  const meter = app.locator('#password-strength');
  await app.getByLabel(field).fill(password);
  await expect(meter.locator('.strength-bar')).not.toHaveAttribute('data-score', 'none');
  // Give the worker time to answer this candidate rather than an earlier one.
  await app.waitForTimeout(300);
  return { score: await meter.locator('.strength-bar').getAttribute('data-score'), text: await meter.innerText() };
}

test('the meter never rates a refused password above "faible" and names the rule it breaks', async ({ app, host }) => {
  await reachPasswordStep(app, host.dataDir);
  const field = 'Saisissez le nouveau mot de passe';

  const name = await rate(app, field, 'Idrissi#2025xyz');
  expect(['0', '1']).toContain(name.score);
  expect(name.text).not.toMatch(/moyen|fort/);
  expect(name.text).toContain("Votre mot de passe doit encore ne contenir ni votre nom d'utilisateur ni votre nom.");

  const short = await rate(app, field, 'Ab1!xyz');
  expect(['0', '1']).toContain(short.score);
  expect(short.text).not.toMatch(/moyen|fort/);
  expect(short.text).toContain('Votre mot de passe doit encore comporter entre 8 et 256 caractères.');

  // A password the policy accepts is rated by its guessability alone, with no rule beside it.
  const good = await rate(app, field, 'Kq7#vT9!mZ2pLw&x');
  expect(good.score).toBe('4');
  expect(good.text).toContain('très fort');
  await expect(app.locator('#password-strength .strength-rule')).toHaveCount(0);
});

test('in Arabic, a password of Arabic letters and digits is rated "ضعيفة" at most, and the missing character types named', async ({ app, host }) => {
  await reachPasswordStep(app, host.dataDir);
  await app.getByRole('button', { name: 'العربية' }).click();
  const arabic = await rate(app, 'أدخل كلمة المرور الجديدة', 'مرحبا#2026سلام');
  expect(['0', '1']).toContain(arabic.score);
  expect(arabic.text).not.toMatch(/متوسطة|قوية/);
  expect(arabic.text).toContain('لا يزال يجب على كلمة المرور أن تحتوي على 3 على الأقل من أنواع الأحرف الأربعة التالية.');
});
