import type { Session, WebContents } from 'electron';
import { appOrigin, appScheme } from './app-protocol';

/** Only the app's own pages; a URL that merely starts with the origin's text (`app://guichet.evil/`) is not ours. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === appOrigin;
  } catch {
    return false;
  }
}

/** Pages a window other than the app's may show besides the app (the directory's sign-in window), by its webContents. */
const alsoAllowed = new WeakMap<WebContents, (url: string) => boolean>();

/**
 * Lets one window navigate to more than the app's pages; checked at each navigation, so it may be set right after
 * the window is created (and guarded). Everything else about the guard stays: no new windows, no webviews.
 */
export function allowNavigation(contents: WebContents, allowed: (url: string) => boolean): void {
  alsoAllowed.set(contents, allowed);
}

const mayShow = (contents: WebContents, url: string) => isAppUrl(url) || (alsoAllowed.get(contents)?.(url) ?? false);

// Logs name the scheme only: a URL can carry what a visitor typed.
const schemeOf = (url: string) => /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase() ?? 'malformed';

/**
 * Applied to every webContents the app ever creates (`web-contents-created`): no navigation or redirect away
 * from the app (a dropped file is a navigation too), no new windows, no `<webview>`, no device pickers.
 */
export function guardWebContents(contents: WebContents, log: (line: string) => void): void {
  const refuse = (what: string) => (event: { preventDefault(): void }, url: string) => {
    if (mayShow(contents, url)) return;
    event.preventDefault();
    log(`navigation: refused ${what} to a ${schemeOf(url)} URL`);
  };
  contents.on('will-navigate', refuse('navigation'));
  contents.on('will-redirect', refuse('redirect'));
  contents.on('will-frame-navigate', (details) => {
    if (mayShow(contents, details.url)) return;
    details.preventDefault();
    log('navigation: refused a frame navigation');
  });
  contents.setWindowOpenHandler(() => {
    log('navigation: refused a new window');
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('navigation: refused a webview');
  });
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
}

/**
 * A visitor's session: the app protocol served from the built renderer, and every permission (camera,
 * microphone, geolocation, notifications, clipboard reads, HID/USB/serial, …) refused, asked or checked.
 */
export function lockDownSession(ses: Session, serve: (request: Request) => Promise<Response>): void {
  ses.protocol.handle(appScheme, serve);
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  ses.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
}
