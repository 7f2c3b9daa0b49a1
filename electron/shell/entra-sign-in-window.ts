import { session, type BrowserWindow, type Session } from 'electron';
import type { ExternalSignIn } from '../core/transport';
import { createHardenedWindow } from './hardened-window';
import { allowNavigation } from './web-guards';

/** How the page ended: on its redirect (the URL goes back to the visitor's flow), or closed without one. */
export type SignInWindowEnd = { redirectUrl: string } | { closed: 'closed' | 'timeout' };

export type SignInWindowOptions = {
  parent: BrowserWindow;
  signIn: Pick<ExternalSignIn, 'url' | 'redirectUri' | 'authorityOrigin' | 'expiresAt'>;
  kiosk: boolean;
  /** Called once, after the window is gone. */
  onEnd(end: SignInWindowEnd): void;
  log: (line: string) => void;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => () => void;
};

export type SignInWindow = {
  /** Ends the page without an answer (the visitor's flow moved on); `onEnd` is not called. */
  close(): void;
};

let counter = 0;

const defaultTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The redirect URI, whatever its query: same scheme, host, port and path. */
export function isRedirectTarget(url: string, redirectUri: string): boolean {
  const a = parse(url);
  const b = parse(redirectUri);
  return !!a && !!b && a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
}

/**
 * The directory's sign-in page (Entra ID) in a child window of the visitor's window, so MFA and Conditional Access
 * apply as on any sign-in. Its own in-memory partition holds the directory's cookies for this one sign-in and is
 * wiped when the window goes; it shows only the authority's pages over HTTPS, opens no other window and gets no
 * permission. The redirect is caught before anything loads it (nothing listens there), then the window closes.
 */
export function openEntraSignInWindow(opts: SignInWindowOptions): SignInWindow {
  const { signIn, log } = opts;
  const now = opts.now ?? Date.now;
  const setTimer = opts.setTimer ?? defaultTimer;
  const partition = `guichet-signin-${++counter}`;
  const ses = session.fromPartition(partition, { cache: false });
  lockDown(ses);

  const window = createHardenedWindow(
    {
      // A child stays above the visitor's window; not modal, so "Annuler" there still ends the sign-in.
      parent: opts.parent,
      modal: false,
      show: false,
      title: 'Microsoft',
      width: 520,
      height: 720,
      resizable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      autoHideMenuBar: true,
      backgroundColor: '#ffffff',
    },
    { partition, devTools: false, disableDialogs: opts.kiosk },
  );
  const contents = window.webContents;

  const authorityPage = (url: string) => {
    const u = parse(url);
    return !!u && u.protocol === 'https:' && u.origin === signIn.authorityOrigin;
  };
  // The app-wide guard (web-guards.ts) refuses everything that is not the app; this window also shows the authority,
  // and reaches the redirect URI, which the handlers below stop before it loads.
  allowNavigation(contents, (url) => authorityPage(url) || isRedirectTarget(url, signIn.redirectUri));

  let ended = false;
  let cancelTimer = () => {};
  const end = (outcome: SignInWindowEnd | null) => {
    if (ended) return;
    ended = true;
    cancelTimer();
    if (!window.isDestroyed()) window.destroy();
    void wipe(ses, partition, log);
    if (outcome) opts.onEnd(outcome);
  };

  const intercept = (event: { preventDefault(): void }, url: string) => {
    if (isRedirectTarget(url, signIn.redirectUri)) {
      event.preventDefault();
      end({ redirectUrl: url });
      return;
    }
    if (!authorityPage(url)) event.preventDefault();
  };
  contents.on('will-navigate', intercept);
  contents.on('will-redirect', intercept);
  contents.setWindowOpenHandler(() => {
    log('sign-in window: refused a new window');
    return { action: 'deny' };
  });
  window.on('closed', () => end({ closed: 'closed' }));
  window.once('ready-to-show', () => {
    if (!ended) window.show();
  });
  cancelTimer = setTimer(() => {
    log('sign-in window: closed after its time ran out');
    end({ closed: 'timeout' });
  }, Math.max(0, signIn.expiresAt - now()));

  window.loadURL(signIn.url).catch((err: unknown) => {
    // A page that does not load stays on Chromium's error page; the visitor closes the window or it times out.
    log(`sign-in window: the sign-in page did not load: ${err instanceof Error ? err.message : String(err)}`);
  });

  return { close: () => end(null) };
}

/** No camera, microphone, notifications, clipboard or devices for the sign-in page. */
function lockDown(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/** The directory's cookies and cache go with the window: the next visitor signs in from nothing. */
async function wipe(ses: Session, partition: string, log: (line: string) => void): Promise<void> {
  try {
    await ses.clearStorageData();
    await ses.clearCache();
    await ses.clearAuthCache();
  } catch (err) {
    log(`sign-in window: clearing ${partition} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
