import { hashSecret } from '../../electron/core/passwords/scrypt-hash';
import { testConfig } from '../support/browser-host-process';
import { step } from '../e2e/fixtures';
import { enterPin, openAttendant } from '../e2e/flows';
import { expect, test } from './fixtures';

const pin = '482916';
const attendantPinHash = await hashSecret(pin, { ln: 10, r: 8, p: 1 });
// Long enough that no idle wipe replaces the window during the test.
test.use({ appConfig: { ...testConfig, kiosk: { enabled: true, idleSeconds: 600, warningSeconds: 30, attendantPinHash } } });

const swallowed = ['F5', 'Control+r', 'Control+Shift+R', 'F12', 'Control+Shift+I', 'Meta+Alt+i', 'Control+Equal', 'Control+Minus', 'Control+Digit0', 'Control+q', 'Meta+q', 'Control+w', 'Alt+F4', 'F11', 'Control+p', 'Alt+ArrowLeft'];

test('a kiosk is fullscreen without a menu, keeps its window, and swallows reload, devtools, zoom and quit keys', async ({ guichet, window }) => {
  await step(window, 'home');
  await expect
    .poll(() => guichet.electronApp.evaluate(({ BrowserWindow, Menu }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      return { kiosk: w.isKiosk(), fullScreen: w.isFullScreen(), menu: Menu.getApplicationMenu() === null };
    }))
    .toEqual({ kiosk: true, fullScreen: true, menu: true });

  await window.evaluate(() => {
    const w = globalThis as unknown as { __keys: string[]; __notReloaded: boolean };
    w.__keys = [];
    w.__notReloaded = true;
    // A modifier pressed on its own is no shortcut; what matters is whether the combination reaches the page.
    addEventListener('keydown', (e) => ['Control', 'Shift', 'Alt', 'Meta'].includes(e.key) || w.__keys.push(e.key), true);
  });
  for (const key of swallowed) await window.keyboard.press(key);
  // A key the kiosk lets through, so the page is known to receive keys at all.
  await window.keyboard.press('KeyA');
  await expect.poll(() => window.evaluate(() => (globalThis as unknown as { __keys: string[] }).__keys)).toEqual(['a']);

  const state = await guichet.electronApp.evaluate(({ BrowserWindow }) => {
    const windows = BrowserWindow.getAllWindows();
    const contents = windows[0]!.webContents;
    // An OS-level close (not the attendant's quit) is refused too.
    windows[0]!.close();
    return { windows: windows.length, zoom: contents.getZoomFactor(), devTools: contents.isDevToolsOpened() };
  });
  expect(state).toEqual({ windows: 1, zoom: 1, devTools: false });
  expect(await window.evaluate(() => (globalThis as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
  expect(await guichet.electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().filter((w) => !w.isDestroyed()).length)).toBe(1);
  expect(window.isClosed()).toBe(false);
});

test('the attendant key combination opens the PIN dialog, and the PIN the menu', async ({ window }) => {
  await step(window, 'home');
  await openAttendant(window);
  await enterPin(window, pin);
  await expect(window.getByRole('dialog', { name: "Menu de l'agent d'accueil" })).toBeVisible();
  await expect(window.getByTestId('attendant-live')).toHaveText('0');
});
