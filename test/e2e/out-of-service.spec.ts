import { expect, test, type Page } from '@playwright/test';
import { startHost } from '../support/browser-host-process';

// A file that fails as a whole: one bad key, with or without a valid organization block beside it.
const badKey = { kiosk: { idleSeconds: 'soon' } };
const demo = ['Université Démo', 'univ-demo.ma', '+212 5 22 00 00 00', 'support@univ-demo.ma', 'Bâtiment A'];

async function outOfService(page: Page, config: Record<string, unknown>, run: () => Promise<void>) {
  const host = await startHost(config);
  try {
    await page.goto(host.url);
    await expect(page.locator('[data-step="out-of-service"]')).toBeVisible();
    await run();
  } finally {
    await host.stop();
  }
}

async function expectNoDemo(page: Page) {
  const text = await page.locator('body').innerText();
  for (const value of demo) expect(text, `the demo's "${value}"`).not.toContain(value);
}

test('a broken file with a valid organization names that organization and its helpdesk, never the demo', async ({ page }) => {
  const organization = { name: 'Université Hassan II', domain: 'uh2c.ma', helpdesk: { phone: '+212 5 22 43 00 00', email: 'aide@uh2c.ma' } };
  await outOfService(page, { ...badKey, organization }, async () => {
    await expect(page.getByText('Université Hassan II')).toBeVisible();
    await expect(page.getByText('aide@uh2c.ma')).toBeVisible();
    await expect(page.getByText('+212 5 22 43 00 00')).toBeVisible();
    await expectNoDemo(page);
  });
});

test('a broken file whose organization block is wrong too, or missing, names no contact at all', async ({ page }) => {
  for (const config of [{ ...badKey, organization: { name: 'Université Hassan II', helpdesk: { fax: '+212 5 22 43 00 01' } } }, badKey]) {
    await outOfService(page, config, async () => {
      await expect(page.getByText('Hors service — veuillez contacter le support informatique')).toBeVisible();
      await expect(page.locator('.helpdesk, .helpdesk-inline')).toHaveCount(0);
      await expectNoDemo(page);
    });
  }
});

test('a valid organization without a helpdesk block names the organization and no demo contact', async ({ page }) => {
  await outOfService(page, { ...badKey, organization: { name: 'Université Hassan II' } }, async () => {
    await expect(page.getByText('Université Hassan II')).toBeVisible();
    await expect(page.locator('.helpdesk, .helpdesk-inline')).toHaveCount(0);
    await expectNoDemo(page);
  });
});

test('the out-of-service screen says it once and lists the helpdesk once, in every language', async ({ page }) => {
  const organization = { name: 'Université Hassan II', helpdesk: { phone: '+212 5 22 43 00 00', email: 'aide@uh2c.ma' } };
  const sentences = {
    Français: 'Hors service — veuillez contacter le support informatique',
    English: 'Out of service — please contact the IT helpdesk',
    العربية: 'خارج الخدمة — يرجى الاتصال بالدعم المعلوماتي',
  };
  const times = (text: string, part: string) => text.split(part).length - 1;
  await outOfService(page, { ...badKey, organization }, async () => {
    for (const [language, sentence] of Object.entries(sentences)) {
      await page.getByRole('button', { name: language }).click();
      await expect(page.getByText(sentence).first()).toBeVisible();
      const text = await page.locator('main').innerText();
      expect(times(text, sentence), `the sentence in ${language}`).toBe(1);
      expect(times(text, 'aide@uh2c.ma'), `the helpdesk e-mail in ${language}`).toBe(1);
      expect(times(text, '+212 5 22 43 00 00'), `the helpdesk phone in ${language}`).toBe(1);
    }
  });
});
