import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';

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

/** The options of every visitor window; the security-relevant web preferences are the same in every mode. */
export function windowOptions(mode: WindowMode): BrowserWindowConstructorOptions {
  const webPreferences: BrowserWindowConstructorOptions['webPreferences'] = {
    preload: mode.preload,
    partition: mode.partition,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: mode.devTools && !mode.kiosk,
    // A kiosk never shows alert/confirm/prompt boxes a visitor could leave open for the next one.
    disableDialogs: mode.kiosk,
    zoomFactor: 1,
  };
  const common: BrowserWindowConstructorOptions = {
    title: 'Guichet',
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences,
  };
  if (mode.kiosk) {
    return { ...common, kiosk: true, fullscreen: true, frame: false, resizable: false, minimizable: false, maximizable: false };
  }
  const bounds = mode.bounds ?? { width: 1100, height: 800 };
  return { ...common, ...bounds, minWidth: 640, minHeight: 560 };
}
