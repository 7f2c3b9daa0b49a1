import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { reportMeasures } from '../../electron/core/audit/report/report-measures';
import { writeAuditMonth } from '../support/audit-month';

const repo = fileURLToPath(new URL('../../', import.meta.url));
type ReportTexts = { report: { title: string; measure: Record<string, string> } };
const texts = (lang: string) => JSON.parse(readFileSync(join(repo, `shared/locales/${lang}.json`), 'utf8')) as ReportTexts;

// One month written and reported once, for both languages.
test.describe.configure({ mode: 'serial' });

let dir: string;
const pages: Record<string, string> = {};

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guichet-report-page-'));
  const month = writeAuditMonth(dir, { kiosks: ['kiosk-a', 'kiosk-b'], firstDay: '2026-03-01', days: 31, key: 'report-page-key' });
  for (const lang of ['fr', 'en']) {
    pages[lang] = join(dir, `report-${lang}.html`);
    // IT's own command line, as `npm run guichet -- audit report …` runs it.
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'scripts/guichet.ts'), 'audit', 'report', '--tz', 'UTC', '--lang', lang, '--html', pages[lang], ...month.files], {
      cwd: repo,
      env: { ...process.env, GUICHET_CONFIG: '' },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const lang of ['fr', 'en']) {
  test(`the ${lang} report opens with JavaScript off, with no console error, one chart per measure`, async ({ browser }) => {
    expect(readFileSync(pages[lang], 'utf8')).not.toMatch(/<script|javascript:|\son\w+=/i);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('request', (req) => !req.url().startsWith('file:') && problems.push(`fetched ${req.url()}`));
    await page.goto(pathToFileURL(pages[lang]).href);

    const { report } = texts(lang);
    await expect(page.locator('h1')).toHaveText(report.title);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    const sections = page.locator('section.measure');
    await expect(sections).toHaveCount(reportMeasures.length);
    for (const [i, measure] of reportMeasures.entries()) {
      const section = sections.nth(i);
      await expect(section).toHaveAttribute('data-measure', measure);
      await expect(section.locator('h2')).toContainText(report.measure[measure]!);
      const chart = section.locator('svg');
      await expect(chart).toHaveCount(1);
      await expect(chart).toBeVisible();
      // Drawn, not empty: one legend entry per device and bars for the days with events.
      await expect(chart.locator('text', { hasText: 'kiosk-a' })).toHaveCount(1);
      expect(await chart.locator('path').count()).toBeGreaterThan(31);
    }
    await expect(page.locator('script')).toHaveCount(0);
    expect(problems).toEqual([]);
    await context.close();
  });
}
