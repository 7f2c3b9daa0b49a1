import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';

/** What one window may choose; everything else about its page is locked down below, the same for every window. */
export type WindowPage = {
  /** In-memory partition (never `persist:`), so nothing a page keeps outlives its window. */
  partition: string;
  preload?: string;
  devTools: boolean;
  /** A kiosk never shows alert/confirm/prompt boxes a visitor could leave open for the next one. */
  disableDialogs: boolean;
};

/**
 * The one `new BrowserWindow` of the app. The web preferences are written out here, at the constructor, where a
 * reviewer (and Electronegativity) reads them: isolated, sandboxed, no Node, no webview, no new windows by
 * middle-click. They come after the window's own choices, so no caller can loosen them.
 */
export function createHardenedWindow(options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>, page: WindowPage): BrowserWindow {
  return new BrowserWindow({
    ...options,
    webPreferences: {
      preload: page.preload,
      partition: page.partition,
      devTools: page.devTools,
      disableDialogs: page.disableDialogs,
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
      zoomFactor: 1,
    },
  });
}
