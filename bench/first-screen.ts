import fs from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { startHost } from '../test/support/browser-host-process';
import { chromiumPath } from './machine';
import { progress, type Figure, type Outcome } from './report';
import { serveStatic } from './serve-static';
import { rounded, summarize } from './stats';
import { buildBlankPage } from './vite-build';

export type FirstScreenOptions = {
  loads: number;
  /** Files of out/renderer that only later steps should fetch (the lazy chunks of row 1). */
  lazyFiles: Map<string, string>;
};

const goalMs = 300;
const goalRatio = 1.5;

/** Home screen of Guichet: the main card showing the home step, no request in flight, its buttons rendered. */
const guichetReady = 'main[data-step="home"]:not([aria-busy]) button';
const blankReady = 'main[data-ready] button';

/** Guichet's first React commit: the loading card shown until the view arrives over the bridge. */
const guichetFirstRender = 'main[data-state="loading"]';

declare global {
  interface Window {
    __benchReady?: number;
    __benchFirst?: number;
  }
}

type Load = { readyMs: number; firstRenderMs: number; scriptsMs: number; requested: string[] };

/**
 * One cold load: a fresh browser context (empty cache, no service worker, no storage), navigation start to
 * the moment the selector is in the DOM. React attaches its event listeners at the root before the first
 * commit, so the buttons answer from then on.
 */
async function load(browser: Browser, url: string, selector: string, first = selector): Promise<Load> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  try {
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.addInitScript(
      ([ready, firstRender]) => {
        const observer = new MutationObserver(() => {
          if (window.__benchFirst === undefined && document.querySelector(firstRender)) window.__benchFirst = performance.now();
          if (window.__benchReady === undefined && document.querySelector(ready)) {
            window.__benchReady = performance.now();
            window.__benchFirst ??= window.__benchReady;
            observer.disconnect();
          }
        });
        observer.observe(document, { childList: true, subtree: true, attributes: true });
      },
      [selector, first] as const,
    );
    await page.goto(url);
    await page.waitForFunction(() => window.__benchReady !== undefined, undefined, { timeout: 30_000 });
    const { readyMs, firstRenderMs, scriptsMs } = await page.evaluate(() => ({
      readyMs: window.__benchReady!,
      firstRenderMs: window.__benchFirst!,
      scriptsMs: Math.max(0, ...performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.js')).map((e) => (e as PerformanceResourceTiming).responseEnd)),
    }));
    // Anything the screen fetches right after showing up belongs to it too.
    await page.waitForTimeout(300);
    return { readyMs, firstRenderMs, scriptsMs, requested: [...requested] };
  } finally {
    await context.close();
  }
}

export async function firstScreen(o: FirstScreenOptions): Promise<Outcome> {
  if (!fs.existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (set GUICHET_CHROMIUM)`);
  const blankDir = await buildBlankPage();
  const blank = await serveStatic(blankDir);
  const host = await startHost();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const guichet: Load[] = [];
  const floor: Load[] = [];
  const fetchedLazy = new Set<string>();
  try {
    // One unrecorded load of each: the browser's own first start is not the page's.
    await load(browser, host.url, guichetReady, guichetFirstRender);
    await load(browser, blank.url, blankReady);
    for (let i = 0; i < o.loads; i++) {
      // Alternate which goes first, so neither always meets the machine in the same state.
      const order = i % 2 === 0 ? (['guichet', 'blank'] as const) : (['blank', 'guichet'] as const);
      for (const side of order) {
        if (side === 'guichet') {
          const l = await load(browser, host.url, guichetReady, guichetFirstRender);
          guichet.push(l);
          for (const p of l.requested) {
            const file = p.replace(/^\//, '');
            if (o.lazyFiles.has(file)) fetchedLazy.add(`${file} (${o.lazyFiles.get(file)})`);
          }
        } else {
          floor.push(await load(browser, blank.url, blankReady));
        }
      }
      if ((i + 1) % 5 === 0) progress(`first screen: ${i + 1}/${o.loads} loads of each`);
    }
  } finally {
    await browser.close();
    await host.stop();
    await blank.close();
    fs.rmSync(blankDir, { recursive: true, force: true });
    fs.rmSync(host.dataDir, { recursive: true, force: true });
  }
  const g = summarize(guichet.map((l) => l.readyMs));
  const b = summarize(floor.map((l) => l.readyMs));
  const ratio = g.median / b.median;
  const figures: Figure[] = [
    { name: 'Guichet home screen ready', unit: 'ms', summary: rounded(g) },
    { name: 'blank React page ready', unit: 'ms', summary: rounded(b) },
    { name: 'Guichet scripts downloaded', unit: 'ms', summary: rounded(summarize(guichet.map((l) => l.scriptsMs))) },
    { name: 'blank scripts downloaded', unit: 'ms', summary: rounded(summarize(floor.map((l) => l.scriptsMs))) },
    { name: 'Guichet first render (loading card)', unit: 'ms', summary: rounded(summarize(guichet.map((l) => l.firstRenderMs))) },
    { name: 'Guichet first render → home (bridge: connect + view.get + render)', unit: 'ms', summary: rounded(summarize(guichet.map((l) => l.readyMs - l.firstRenderMs))) },
    { name: 'ratio of medians (Guichet / blank)', unit: '×', value: Number(ratio.toFixed(2)) },
    { name: 'lazy chunks fetched by the home screen', unit: 'files', value: fetchedLazy.size, note: fetchedLazy.size ? [...fetchedLazy].join(', ') : 'none' },
  ];
  const met = g.median <= goalMs && ratio <= goalRatio && fetchedLazy.size === 0;
  const notes = [
    `Chromium (${chromiumPath}) headless, ${o.loads} cold loads of each page after one unrecorded load each, alternating; each load in a new browser context. Guichet through the browser host (npm run start:browser, out/renderer, embedded directory): navigation start → home card with its buttons in the DOM (the view arrives over the bridge WebSocket). Blank page: React mounting one button, built with Vite and the React plugin, served with the same headers.`,
  ];
  return { met, headline: `median ${g.median.toFixed(0)} ms, ${ratio.toFixed(2)}× blank (${b.median.toFixed(0)} ms)`, figures, notes };
}
