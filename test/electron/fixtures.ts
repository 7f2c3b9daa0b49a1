import fs from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';
import { testConfig } from '../support/browser-host-process';
import { launchGuichet, type GuichetApp } from './guichet-app';

type Fixtures = { appConfig: Record<string, unknown>; appEnv: Record<string, string>; guichet: GuichetApp; window: Page };

/**
 * Each test starts the real Electron app (built by `electron-vite build`) on its own data folder, embedded directory
 * and outbox, and fails on any CSP violation or page error in the visitor's window.
 */
export const test = base.extend<Fixtures>({
  appConfig: [testConfig, { option: true }],
  appEnv: [{}, { option: true }],
  guichet: async ({ appConfig, appEnv }, use, testInfo) => {
    const guichet = await launchGuichet({ config: appConfig, env: appEnv });
    await use(guichet);
    if (testInfo.status !== testInfo.expectedStatus) fs.writeFileSync(testInfo.outputPath('main-process.log'), guichet.output.join(''));
    await guichet.close();
  },
  window: async ({ guichet }, use) => {
    const problems: string[] = [];
    const watched = new WeakSet<Page>();
    const watch = (page: Page) => {
      if (watched.has(page)) return;
      watched.add(page);
      page.on('console', (msg) => {
        if (/Content[- ]Security[- ]Policy/i.test(msg.text())) problems.push(msg.text());
      });
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    };
    guichet.electronApp.on('window', watch);
    const page = await guichet.visitorWindow();
    watch(page);
    await use(page);
    expect(problems, 'CSP violations or page errors').toEqual([]);
  },
});

export { expect };
