import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { testConfig } from '../support/browser-host-process';
import { step } from '../e2e/fixtures';
import { launchGuichet, packagedExecutable, repo } from './guichet-app';

/** The `--dir` build of `npm run dist:test`: the release packaging with the one fuse Playwright needs to drive it. */
const version = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;

const run = (args: string[]) => spawnSync(packagedExecutable(), args, { encoding: 'utf8', timeout: 60_000 });

test('the packaged app prints its version and exits', () => {
  const r = run(['--version']);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout.trim()).toBe(version);
});

test('the packaged app checks a config file for IT', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-packaged-'));
  try {
    const good = path.join(dir, 'config.json');
    fs.writeFileSync(good, JSON.stringify(testConfig));
    const ok = run(['config', 'check', good]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('OK:');

    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ ...testConfig, kiosk: { idleSeconds: 'soon' } }));
    const refused = run(['config', 'check', bad]);
    expect(refused.status).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toContain('kiosk.idleSeconds');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the packaged app starts on a config and reaches the home screen', async () => {
  const guichet = await launchGuichet({ config: testConfig, executablePath: packagedExecutable() });
  try {
    const window = await guichet.visitorWindow();
    await step(window, 'home');
    await expect(window.getByRole('button', { name: 'Se connecter' })).toBeVisible();
    expect(await guichet.electronApp.evaluate(({ app }) => app.isPackaged)).toBe(true);
  } finally {
    await guichet.close();
  }
});
