import { defineConfig } from '@playwright/test';

/**
 * The real Electron app (`npm run test:electron`): the built app from `out/` and the packaged `--dir` build.
 * One app at a time: a kiosk window takes the whole screen.
 */
export default defineConfig({
  testDir: 'test/electron',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  reporter: 'list',
  outputDir: 'test-results/electron',
});
