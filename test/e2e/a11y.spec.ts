import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { stepNames, type StepName } from '../../shared/steps';
import { startHost } from '../support/browser-host-process';
import { expect, test as base } from './fixtures';
import { chooseLanguage, screen, startTourHost, stepTour, tourLocales, translator, variants, type Tour, type TourState, type VariantName } from './step-tour';

// WCAG 2.2 AA as axe knows it, on every screen and state of the step tour, in every language.
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** WCAG 2.5.5's 44 × 44 CSS px, which the issue asks of every touch target. */
const minTarget = 44;

// Each screen's host comes from the tour: its config, its environment, a service behind it (a directory).
const test = base.extend<{ tourStep: StepName | undefined; tourVariant: VariantName | undefined }>({
  tourStep: [undefined, { option: true }],
  tourVariant: [undefined, { option: true }],
  host: async ({ hostConfig, tourStep, tourVariant }, use, testInfo) => {
    const host = tourStep ? await startTourHost(tourStep, tourVariant) : await startHost(hostConfig);
    await use(host);
    await host.stop();
    if (testInfo.status !== testInfo.expectedStatus) fs.writeFileSync(testInfo.outputPath('browser-host.log'), host.output.join(''));
  },
});

async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Visible controls smaller than 44 × 44; an inline link inside a sentence is exempt, a radio counts with its label. */
function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate((min) => {
    const small: string[] = [];
    for (const control of Array.from(document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [role="button"]'))) {
      if (!control.checkVisibility() || control.matches('.link-button.inline')) continue;
      const radio = control instanceof HTMLInputElement && (control.type === 'radio' || control.type === 'checkbox');
      const target = (radio && control.closest('label')) || control;
      const box = target.getBoundingClientRect();
      if (box.width < min - 0.01 || box.height < min - 0.01) {
        small.push(`${control.tagName.toLowerCase()}#${control.id}.${control.className} "${control.textContent?.trim() ?? ''}" ${box.width.toFixed(1)}×${box.height.toFixed(1)}`);
      }
    }
    return small;
  }, min);
}

/** Content that needs scrolling sideways at 320 CSS px (WCAG 1.4.10, i.e. 1280 px at 400 % zoom). */
async function overflowsAt320(page: Page): Promise<boolean> {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  await page.setViewportSize(size);
  return overflow;
}

async function check(tour: Tour, step: StepName, state: string) {
  const { page, locale } = tour;
  const where = `${step} / ${state} / ${locale}`;
  await expect(screen(page, step)).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  await expect(page.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
  expect.soft(await axeViolations(page), `axe: ${where}`).toEqual([]);
  expect.soft(await smallTargets(page, minTarget), `touch targets: ${where}`).toEqual([]);
  for (const code of await page.locator('#code').all()) {
    await expect.soft(code, `code field: ${where}`).toHaveAttribute('autocomplete', 'one-time-code');
    await expect.soft(code, `code field: ${where}`).toHaveAttribute('inputmode', 'numeric');
  }
}

test('the tour visits exactly the steps of shared/steps.ts', () => {
  expect(Object.keys(stepTour).sort()).toEqual([...stepNames].sort());
  expect(tourLocales).toEqual(['fr', 'en', 'ar']);
});

async function visit(tour: Tour, step: StepName, states: TourState[]) {
  await chooseLanguage(tour.page, tour.locale);
  await stepTour[step].reach(tour);
  await check(tour, step, 'first look');
  expect.soft(await overflowsAt320(tour.page), `reflow at 320 px: ${step} / ${tour.locale}`).toBe(false);
  for (const state of states) {
    await state.enter(tour);
    await check(tour, step, state.name);
    await state.leave?.(tour);
  }
}

for (const step of stepNames) {
  const { states, variants: also = [] } = stepTour[step];
  test.describe(step, () => {
    test.use({ tourStep: step });
    for (const locale of tourLocales) {
      test(`${locale}: 0 violations (${['first look', ...states.map((s) => s.name)].join(', ')})`, async ({ app, host }) => {
        await visit({ page: app, host, locale, t: translator(locale) }, step, states);
      });
    }
  });
  for (const variant of also) {
    test.describe(`${step} with ${variant}`, () => {
      test.use({ tourStep: step, tourVariant: variant });
      for (const locale of tourLocales) {
        test(`${locale}: 0 violations (${variants[variant].states.map((s) => s.name).join(', ')})`, async ({ app, host }) => {
          await visit({ page: app, host, locale, t: translator(locale) }, step, variants[variant].states);
        });
      }
    });
  }
}

test('motion stops when the visitor asks for reduced motion', async ({ app }) => {
  const animation = () =>
    app.evaluate(() => {
      const card = document.createElement('div');
      card.className = 'card busy';
      card.innerHTML = '<div class="progress"></div>';
      document.body.append(card);
      const name = getComputedStyle(card.querySelector('.progress')!, '::after').animationName;
      card.remove();
      return name;
    });
  await app.emulateMedia({ reducedMotion: 'no-preference' });
  expect(await animation()).toBe('progress');
  await app.emulateMedia({ reducedMotion: 'reduce' });
  expect(await animation()).toBe('none');
});
