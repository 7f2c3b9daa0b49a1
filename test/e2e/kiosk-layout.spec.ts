import type { Page } from '@playwright/test';
import { testConfig } from '../support/browser-host-process';
import { expect, step, test } from './fixtures';

test.use({ hostConfig: { ...testConfig, kiosk: { enabled: true, onScreenKeyboard: true }, recovery: { captcha: true } } });

const sizes = [
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
];
const languages = [
  { name: 'Français', forgot: "J'ai oublié mon mot de passe", signIn: 'Se connecter' },
  { name: 'English', forgot: 'I forgot my password', signIn: 'Sign in' },
  { name: 'العربية', forgot: 'نسيت كلمة المرور', signIn: 'تسجيل الدخول' },
];

/** What a standing visitor must be able to read and tap on the screen as it is: sizes of every visible text and control. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && !element.closest('.sr-only');
    };
    const smallText: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.textContent?.trim() || !visible(parent)) continue;
      const size = parseFloat(getComputedStyle(parent).fontSize);
      if (size < 20) smallText.push(`${size}px "${node.textContent.trim().slice(0, 40)}"`);
    }
    // Links inside a sentence are exempt (WCAG 2.5.8): they are as tall as the line they sit in.
    const controls = Array.from(document.querySelectorAll('button, input, a, [role="button"]')).filter(
      (element) => visible(element) && !element.closest('p, li.crumb') && (element as HTMLInputElement).type !== 'radio',
    );
    const smallTargets = controls
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.height < 56 || box.width < 56)
      .map(({ element, box }) => `${element.tagName} "${(element.textContent || element.getAttribute('aria-label') || element.id).trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    const radios = Array.from(document.querySelectorAll('label.option'))
      .filter(visible)
      .map((label) => label.getBoundingClientRect())
      .filter((box) => box.height < 56)
      .map((box) => `option ${Math.round(box.height)}px`);
    return { smallText, smallTargets: [...smallTargets, ...radios], overflow: document.documentElement.scrollWidth - window.innerWidth };
  });
}

async function expectKioskSized(page: Page, where: string) {
  const { smallText, smallTargets, overflow } = await measure(page);
  expect(smallText, `text under 20 px on ${where}`).toEqual([]);
  expect(smallTargets, `touch targets under 56 px on ${where}`).toEqual([]);
  expect(overflow, `sideways scrolling on ${where}`).toBeLessThanOrEqual(0);
}

/** The field being typed into stays above the on-screen keyboard. */
async function expectFieldAboveKeyboard(page: Page, selector: string, where: string) {
  const field = page.locator(selector);
  await field.click();
  const keyboard = page.getByRole('region', { name: /^(Clavier virtuel|On-screen keyboard|لوحة المفاتيح على الشاشة)$/ });
  await expect(keyboard).toBeVisible();
  await expect.poll(async () => {
    const box = await field.boundingBox();
    const keys = await keyboard.boundingBox();
    return box!.y + box!.height <= keys!.y && box!.y >= 0;
  }, { message: `the field is above the keyboard on ${where}` }).toBe(true);
}

for (const size of sizes) {
  test(`at ${size.width}×${size.height}, in French, English and Arabic: 20 px text, 56 px targets, fields above the keyboard`, async ({ app }) => {
    await app.setViewportSize(size);
    for (const language of languages) {
      await app.getByRole('button', { name: language.name }).click();
      await expect(app.getByRole('button', { name: language.signIn })).toBeVisible();
      const where = `${language.name} ${size.width}×${size.height}`;
      await expectKioskSized(app, `home, ${where}`);
      await app.getByRole('button', { name: language.forgot }).click();
      await step(app, 'recovery-identify');
      await expectKioskSized(app, `recovery, ${where}`);
      await expectFieldAboveKeyboard(app, '#captcha', `recovery, ${where}`);
      await expectKioskSized(app, `recovery with the keyboard, ${where}`);
      await app.getByRole('button', { name: /^(Annuler|Cancel|إلغاء)$/ }).click();
      await step(app, 'home');
    }
  });
}
