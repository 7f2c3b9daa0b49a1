import { describe, expect, it } from 'vitest';
import { windowOptions } from './window-options';

const base = { preload: '/app/out/preload/preload.cjs', partition: 'guichet-visitor-7' };

describe('windowOptions', () => {
  it.each([false, true])('locks the renderer down (kiosk: %s)', (kiosk) => {
    const o = windowOptions({ ...base, kiosk, devTools: false });
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
      spellcheck: false,
      devTools: false,
      preload: base.preload,
      partition: 'guichet-visitor-7',
    });
    expect(o.webPreferences?.partition).not.toMatch(/^persist:/);
    expect(o.show).toBe(false);
  });

  it('makes a kiosk window full screen with no dialogs', () => {
    const o = windowOptions({ ...base, kiosk: true, devTools: false });
    expect(o).toMatchObject({ kiosk: true, fullscreen: true, frame: false, minimizable: false });
    expect(o.webPreferences?.disableDialogs).toBe(true);
  });

  it('makes a staff window a normal window, where it stood before', () => {
    const o = windowOptions({ ...base, kiosk: false, devTools: false, bounds: { x: 5, y: 6, width: 700, height: 600 } });
    expect(o.kiosk).toBeUndefined();
    expect(o.fullscreen).toBeUndefined();
    expect(o).toMatchObject({ x: 5, y: 6, width: 700, height: 600 });
  });

  it('allows developer tools only with --dev outside kiosk mode', () => {
    expect(windowOptions({ ...base, kiosk: false, devTools: true }).webPreferences?.devTools).toBe(true);
    expect(windowOptions({ ...base, kiosk: true, devTools: true }).webPreferences?.devTools).toBe(false);
  });
});
