import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, resetElectronMock } from '../../test/support/electron-mock';
import { openEntraSignInWindow } from './entra-sign-in-window';
import { createSecureWindow } from './secure-window';

vi.mock('electron', () => import('../../test/support/electron-mock'));

/** What each window chooses for itself; everything else must be the locked set. */
const chosen = ['preload', 'partition', 'devTools', 'disableDialogs'];

const electronDir = path.resolve(__dirname, '..');
const productFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return productFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });

beforeEach(() => resetElectronMock());

describe('every window', () => {
  it('is made in hardened-window.ts, the one place that calls new BrowserWindow', () => {
    const makers = productFiles(electronDir).filter((file) => /new\s+BrowserWindow\s*\(/.test(readFileSync(file, 'utf8')));
    expect(makers.map((file) => path.relative(electronDir, file))).toEqual([path.join('shell', 'hardened-window.ts')]);
  });

  it('gets the same locked-down web preferences: kiosk, staff workstation and sign-in windows', () => {
    const visitor = { preload: '/app/out/preload/preload.cjs', partition: 'guichet-visitor-1' };
    createSecureWindow({ ...visitor, kiosk: true, devTools: true });
    createSecureWindow({ ...visitor, kiosk: false, devTools: true });
    const parent = FakeBrowserWindow.instances.at(-1)!;
    openEntraSignInWindow({
      parent: parent as never,
      signIn: { url: 'https://login.microsoftonline.com/t/authorize', redirectUri: 'http://localhost/guichet-signin', authorityOrigin: 'https://login.microsoftonline.com', expiresAt: 1 },
      kiosk: true,
      onEnd: () => {},
      log: () => {},
      now: () => 0,
      setTimer: () => () => {},
    });
    const windows = FakeBrowserWindow.instances;
    expect(windows).toHaveLength(3);
    // The visitor window's full list is asserted in secure-window.test.ts; every other window must have the same.
    const [visitorKiosk, ...others] = windows.map((w) => Object.fromEntries(Object.entries(w.options.webPreferences).filter(([key]) => !chosen.includes(key))));
    for (const preferences of others) expect(preferences).toEqual(visitorKiosk);
    expect(visitorKiosk).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    for (const window of windows) expect(window.options.webPreferences.partition).not.toMatch(/^persist:/);
    // Developer tools only on the staff workstation window that asked for them.
    expect(windows.map((w) => w.options.webPreferences.devTools)).toEqual([false, true, false]);
  });
});
