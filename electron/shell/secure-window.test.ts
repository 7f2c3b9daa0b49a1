import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createSecureWindow } from './secure-window';
import { FakeBrowserWindow, resetElectronMock } from '../../test/support/electron-mock';

vi.mock('electron', () => import('../../test/support/electron-mock'));

const base = { preload: '/app/out/preload/preload.cjs', partition: 'guichet-visitor-7' };
const options = (mode: Parameters<typeof createSecureWindow>[0]) => (createSecureWindow(mode) as unknown as FakeBrowserWindow).options;

beforeEach(() => resetElectronMock());

describe('createSecureWindow', () => {
  it.each([false, true])('locks the renderer down (kiosk: %s)', (kiosk) => {
    const o = options({ ...base, kiosk, devTools: false });
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: false,
      preload: base.preload,
      partition: 'guichet-visitor-7',
    });
    expect(o.webPreferences.partition).not.toMatch(/^persist:/);
    expect(o.show).toBe(false);
  });

  it('makes a kiosk window full screen with no dialogs', () => {
    const o = options({ ...base, kiosk: true, devTools: false });
    expect(o).toMatchObject({ kiosk: true, fullscreen: true, frame: false, minimizable: false });
    expect(o.webPreferences.disableDialogs).toBe(true);
  });

  it('makes a staff window a normal window, where it stood before', () => {
    const o = options({ ...base, kiosk: false, devTools: false, bounds: { x: 5, y: 6, width: 700, height: 600 } });
    expect(o.kiosk).toBeUndefined();
    expect(o.fullscreen).toBeUndefined();
    expect(o).toMatchObject({ x: 5, y: 6, width: 700, height: 600 });
  });

  it('allows developer tools only with --dev outside kiosk mode', () => {
    expect(options({ ...base, kiosk: false, devTools: true }).webPreferences.devTools).toBe(true);
    expect(options({ ...base, kiosk: true, devTools: true }).webPreferences.devTools).toBe(false);
  });
});
