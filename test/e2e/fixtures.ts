import fs from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';
import { startHost, testConfig, type HostProcess } from '../support/browser-host-process';

type Fixtures = { host: HostProcess; hostConfig: Record<string, unknown>; hostEnv: Record<string, string>; app: Page };

/** Each test gets its own browser host (own data folder, directory and outbox) and fails on any CSP violation. */
export const test = base.extend<Fixtures>({
  hostConfig: [testConfig, { option: true }],
  /** Extra environment of the host process, e.g. `GUICHET_SECRET_<NAME>` as on a headless kiosk. */
  hostEnv: [{}, { option: true }],
  host: async ({ hostConfig, hostEnv }, use, testInfo) => {
    const host = await startHost(hostConfig, undefined, hostEnv);
    await use(host);
    await host.stop();
    if (testInfo.status !== testInfo.expectedStatus) fs.writeFileSync(testInfo.outputPath('browser-host.log'), host.output.join(''));
  },
  app: async ({ page, host }, use) => {
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content[- ]Security[- ]Policy/i.test(msg.text())) violations.push(msg.text());
    });
    page.on('pageerror', (err) => violations.push(`page error: ${err.message}`));
    await page.goto(host.url);
    await expect(page.locator('[data-step]')).toBeVisible();
    await use(page);
    expect(violations, 'CSP violations or page errors').toEqual([]);
  },
});

export { expect };

export const step = (page: Page, name: string) => expect(page.locator(`[data-step="${name}"]`)).toBeVisible();
