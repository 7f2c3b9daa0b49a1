import type { Locator, Page } from '@playwright/test';
import { lastCode } from '../support/browser-host-process';
import { expect, step, test } from './fixtures';
import { translator } from './step-tour';

// Both flows with the keyboard alone: Tab, Shift+Tab, Enter, Space, arrow keys and typing; no click, no fill.

type Focus = { what: string; visible: boolean; outline: string };

/** The focused control, and whether it shows a focus indicator (an outline of at least 2 px under :focus-visible). */
const focusOf = (page: Page): Promise<Focus | null> =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const width = parseFloat(style.outlineWidth);
    const label = element.getAttribute('aria-label') ?? (element as HTMLInputElement).labels?.[0]?.textContent ?? element.textContent ?? '';
    return {
      what: `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} "${label.trim()}"`,
      visible: element.matches(':focus-visible') && style.outlineStyle !== 'none' && width >= 2,
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    };
  });

async function expectVisibleFocus(page: Page) {
  const focus = await focusOf(page);
  expect(focus, 'something has focus').not.toBeNull();
  expect(focus!.visible, `focus indicator on ${focus!.what} (outline ${focus!.outline})`).toBe(true);
}

const isFocused = (target: Locator) => target.evaluate((element) => element === document.activeElement);

/** Presses Tab (or Shift+Tab) until `target` has focus, checking the indicator of every control passed on the way. */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab') {
  await target.waitFor();
  for (let presses = 0; presses < 30; presses++) {
    if (await isFocused(target)) return expectVisibleFocus(page);
    await page.keyboard.press(key);
    if (await focusOf(page)) await expectVisibleFocus(page);
  }
  throw new Error(`${key} never reached ${target}`);
}

async function expectFocusOn(page: Page, target: Locator) {
  await expect.poll(() => isFocused(target), { message: `focus on ${target}` }).toBe(true);
  await expectVisibleFocus(page);
}

/** Types into the focused field; `shown` is what the field then reads (a phone number is grouped as it is typed). */
async function typeInto(page: Page, field: Locator, text: string, shown = text) {
  await expectFocusOn(page, field);
  await page.keyboard.type(text);
  await expect(field).toHaveValue(shown);
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

async function chooseLanguage(page: Page, locale: string) {
  if (locale === 'fr') return;
  await tabTo(page, page.locator(`.languages button[lang="${locale}"]`));
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  await expect(page.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
}

for (const locale of ['fr', 'ar']) {
  const t = translator(locale);

  test(`${locale}: enrollment by keyboard alone — sign in, add a phone by SMS code, finish`, async ({ app, host }) => {
    await chooseLanguage(app, locale);
    await tabTo(app, button(app, t('home.signIn')));
    await app.keyboard.press('Enter');

    await step(app, 'signin-identifier');
    await typeInto(app, app.locator('#identifier'), 'nadia.benali');
    await app.keyboard.press('Enter');
    await step(app, 'signin-password');
    await typeInto(app, app.locator('#password'), 'Bienvenue2025!');
    await app.keyboard.press('Enter');

    await step(app, 'security-info');
    await tabTo(app, app.locator('li.method', { hasText: t('security.method.phone') }).getByRole('button'));
    await app.keyboard.press('Space');

    await step(app, 'enroll-phone');
    const number = app.locator('#phone-number');
    await expectFocusOn(app, number);
    // The country comes before the number, and back.
    await app.keyboard.press('Shift+Tab');
    await expectFocusOn(app, app.locator('#phone-country'));
    await app.keyboard.press('Tab');
    await typeInto(app, number, '0701071074', '07 01 07 10 74');
    await app.keyboard.press('Enter');
    const code = app.locator('#code');
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await expect(code).toHaveAttribute('inputmode', 'numeric');
    await typeInto(app, code, lastCode(host.dataDir, '+212701071074'));
    await app.keyboard.press('Enter');

    await step(app, 'security-info');
    await expect(app.locator('.confirmation')).toBeVisible();
    // The help of the step opens and closes from the keyboard, and focus comes back to "?".
    const help = button(app, t('layout.help'));
    await tabTo(app, help, 'Shift+Tab');
    await app.keyboard.press('Enter');
    await expect(app.getByRole('dialog')).toBeVisible();
    await expectFocusOn(app, app.getByRole('dialog').getByRole('button', { name: t('layout.close') }));
    await app.keyboard.press('Escape');
    await expect(app.getByRole('dialog')).toBeHidden();
    await expectFocusOn(app, help);

    await tabTo(app, button(app, t('security.finish')));
    await app.keyboard.press('Enter');
    await step(app, 'home');
  });

  test(`${locale}: recovery by keyboard alone — identify, choose SMS, full number, code, new password`, async ({ app, host }) => {
    await chooseLanguage(app, locale);
    await tabTo(app, button(app, t('home.recover')));
    await app.keyboard.press('Enter');

    await step(app, 'recovery-identify');
    await typeInto(app, app.locator('#identifier'), 'salma.idrissi');
    await app.keyboard.press('Enter');

    await step(app, 'recovery-verify');
    // One tab stop for the options; arrow keys move between them and choose (the same keys in Arabic).
    const options = app.getByRole('radio');
    const sms = app.getByRole('radio', { name: t('recovery.verify.option.sms') });
    await expect(options.first()).toHaveAccessibleName(t('recovery.verify.option.sms'));
    await tabTo(app, options.first());
    await app.keyboard.press('ArrowDown');
    await expect(options.nth(1)).toBeChecked();
    await expectFocusOn(app, options.nth(1));
    await app.keyboard.press('ArrowUp');
    await expect(sms).toBeChecked();
    await expectFocusOn(app, sms);
    await app.keyboard.press('Tab');
    await typeInto(app, app.locator('#confirm-destination'), '0701071074');
    await app.keyboard.press('Enter');

    const code = app.locator('#code');
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await expect(code).toHaveAttribute('inputmode', 'numeric');
    await typeInto(app, code, lastCode(host.dataDir, '+212701071074'));
    await app.keyboard.press('Enter');

    await step(app, 'recovery-password');
    const password = app.locator('#new-password');
    const confirm = app.locator('#confirm-password');
    await typeInto(app, password, 'Nouveau#Pass2026');
    await app.keyboard.press('Tab');
    await typeInto(app, confirm, 'Nouveau#Pass2026');
    await app.keyboard.press('Shift+Tab');
    await expectFocusOn(app, password);
    await app.keyboard.press('Tab');
    await expectFocusOn(app, confirm);
    await app.keyboard.press('Enter');

    await step(app, 'recovery-done');
    // "cliquez ici" inside the sentence: a link to sign in again, reachable too.
    await tabTo(app, app.locator('[data-step="recovery-done"] .lead').getByRole('button'));
  });
}

test('focus follows the reading order of the home screen, in French and in Arabic', async ({ app }) => {
  // Two rounds of Tab, read from the first control of the page.
  const order = async () => {
    const seen: string[] = [];
    for (let i = 0; i < 14; i++) {
      await app.keyboard.press('Tab');
      const focus = await focusOf(app);
      if (focus) seen.push(focus.what);
    }
    const first = seen.indexOf('button "Français"');
    return seen.slice(first, first + 6);
  };
  const expected = (t: ReturnType<typeof translator>) => [
    'button "Français"',
    'button "English"',
    'button "العربية"',
    `button "${t('layout.help')}"`,
    `button "${t('home.signIn')}"`,
    `button "${t('home.recover')}"`,
  ];
  expect(await order()).toEqual(expected(translator('fr')));
  await button(app, 'العربية').press('Enter');
  await expect(app.locator('html')).toHaveAttribute('dir', 'rtl');
  expect(await order()).toEqual(expected(translator('ar')));
});
