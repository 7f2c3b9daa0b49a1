// Photographs every screen of the step tour (test/e2e/step-tour.ts), in every language, for the README and
// reviews: docs/screenshots/<locale>/<nn>-<step>[-<state>].png, cropped to what is on the screen.
// Run it again after a UI change: `tsx scripts/screenshots.ts [locale…]`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { stepNames, type StepName } from '../shared/steps';
import type { HostProcess } from '../test/support/browser-host-process';
import { chooseLanguage, screen, startTourHost, stepTour, tourLocales, translator, variants, type Tour, type VariantName } from '../test/e2e/step-tour';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repo, 'docs/screenshots');

/** A landscape 5:4 kiosk touchscreen; long screens are photographed whole. */
const viewport = { width: 1280, height: 1024 };

/**
 * The part of the page with something on it (language switch, card, dialog, on-screen keyboard), with a margin.
 * Under a dialog only the screen is taken: the backdrop covers the screen, not the whole page.
 */
const framing = (page: Page) =>
  page.evaluate(() => {
    const margin = 24;
    const dialog = document.querySelector('dialog[open]') !== null;
    const boxes = Array.from(document.querySelectorAll('.page-header, main, dialog[open], .osk'))
      .map((element) => element.getBoundingClientRect())
      .filter((box) => box.width > 0 && box.height > 0);
    const left = Math.max(0, Math.min(...boxes.map((box) => box.left)) - margin);
    const right = Math.min(document.documentElement.scrollWidth, Math.max(...boxes.map((box) => box.right)) + margin);
    // Boxes are relative to the window; a whole-page photo counts from the top of the page.
    const bottom = dialog ? window.innerHeight : Math.min(document.documentElement.scrollHeight, Math.max(...boxes.map((box) => box.bottom)) + window.scrollY + margin);
    return { fullPage: !dialog, clip: { x: left, y: 0, width: right - left, height: bottom } };
  });

const launch = () =>
  chromium.launch({
    executablePath: process.env.GUICHET_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

const fileName = (step: StepName, state?: string) => `${String(stepNames.indexOf(step) + 1).padStart(2, '0')}-${step}${state ? `-${state}` : ''}.png`;

/** One visit: a fresh browser host, the step reached in `locale`, then a photo of each state. */
async function photograph(browser: Browser, locale: string, step: StepName, variant?: VariantName): Promise<string[]> {
  const visit = stepTour[step];
  const host: HostProcess = await startTourHost(step, variant);
  const context = await browser.newContext({ viewport, locale: 'fr-FR', reducedMotion: 'reduce' });
  const written: string[] = [];
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await page.locator('[data-step]').waitFor();
    const tour: Tour = { page, host, locale, t: translator(locale) };
    await chooseLanguage(page, locale);
    await visit.reach(tour);
    const shoot = async (state?: string) => {
      await screen(page, step).waitFor();
      const shown = await page.locator('html').getAttribute('lang');
      if (shown !== locale) throw new Error(`${step}${state ? ` (${state})` : ''} is shown in ${shown}, not ${locale}`);
      const file = path.join(outDir, locale, fileName(step, state));
      await page.screenshot({ path: file, ...(await framing(page)), animations: 'disabled', caret: 'hide' });
      written.push(path.relative(repo, file));
    };
    const states = variant ? variants[variant].states : visit.states;
    if (!variant) await shoot();
    for (const state of states) {
      await state.enter(tour);
      await shoot(state.name);
      await state.leave?.(tour);
    }
    return written;
  } catch (err) {
    // A half-photographed screen would pass for a complete one.
    for (const file of written) fs.rmSync(path.join(repo, file));
    throw err;
  } finally {
    await context.close();
    await host.stop();
  }
}

async function main() {
  const only = process.argv.slice(2);
  const locales = only.length > 0 ? tourLocales.filter((code) => only.includes(code)) : tourLocales;
  const browser = await launch();
  const failures: string[] = [];
  try {
    for (const locale of locales) {
      const dir = path.join(outDir, locale);
      fs.mkdirSync(dir, { recursive: true });
      for (const old of fs.readdirSync(dir).filter((name) => name.endsWith('.png'))) fs.rmSync(path.join(dir, old));
      // Each variant once per language, on the first step that lists it: the overlay is the same on every screen.
      const pending = new Set<VariantName>(Object.keys(variants) as VariantName[]);
      for (const step of stepNames) {
        const runs: (VariantName | undefined)[] = [undefined, ...(stepTour[step].variants ?? []).filter((v) => pending.delete(v))];
        for (const variant of runs) {
          const what = `${locale} ${step}${variant ? ` (${variant})` : ''}`;
          try {
            const files = await photograph(browser, locale, step, variant);
            console.log(`${what}: ${files.join(', ')}`);
          } catch (err) {
            failures.push(what);
            console.error(`${what}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
          }
        }
      }
    }
  } finally {
    await browser.close();
  }
  if (failures.length > 0) {
    console.error(`\nnot photographed: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
}

await main();
