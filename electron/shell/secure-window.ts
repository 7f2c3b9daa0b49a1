import { BrowserWindow, type BrowserWindowConstructorOptions, type Rectangle } from 'electron';

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

/**
 * A visitor window. The web preferences are written out here, at the constructor, in every mode, where a reviewer
 * (and Electronegativity) reads them: isolated, sandboxed, no Node, no webview, no new windows by middle-click.
 */
export function createSecureWindow(mode: WindowMode): BrowserWindow {
  return new BrowserWindow({
    title: 'Guichet',
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    ...frame(mode),
    webPreferences: {
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
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      safeDialogs: true,
      devTools: mode.devTools && !mode.kiosk,
      // A kiosk never shows alert/confirm/prompt boxes a visitor could leave open for the next one.
      disableDialogs: mode.kiosk,
      zoomFactor: 1,
    },
  });
}
