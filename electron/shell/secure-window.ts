import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { createHardenedWindow } from './hardened-window';

export type WindowMode = {
  kiosk: boolean;
  /** `--dev` outside kiosk mode: developer tools allowed. */
  devTools: boolean;
  preload: string;
  /** In-memory partition (never `persist:`): one per visitor, so nothing outlives the window. */
  partition: string;
  /** Where the previous staff-workstation window stood, so a wipe does not move it. */
  bounds?: Rectangle;
};

const frame = (mode: WindowMode): BrowserWindowConstructorOptions =>
  mode.kiosk
    ? { kiosk: true, fullscreen: true, frame: false, resizable: false, minimizable: false, maximizable: false }
    : { ...(mode.bounds ?? { width: 1100, height: 800 }), minWidth: 640, minHeight: 560 };

/** A visitor window: its frame for the mode, its page locked down as every window's is (hardened-window.ts). */
export function createSecureWindow(mode: WindowMode): BrowserWindow {
  return createHardenedWindow(
    { title: 'Guichet', show: false, backgroundColor: '#ffffff', autoHideMenuBar: true, ...frame(mode) },
    { preload: mode.preload, partition: mode.partition, devTools: mode.devTools && !mode.kiosk, disableDialogs: mode.kiosk },
  );
}
