import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isRedirectTarget, openEntraSignInWindow, type SignInWindowEnd } from './entra-sign-in-window';
import { app, FakeBrowserWindow, FakeEvent, fakeSessions, resetElectronMock, session } from '../../test/support/electron-mock';
import { guardWebContents } from './web-guards';

vi.mock('electron', () => import('../../test/support/electron-mock'));

const authority = 'https://login.microsoftonline.com';
const signIn = {
  url: `${authority}/tenant-id/oauth2/v2.0/authorize?client_id=c&state=s`,
  redirectUri: 'http://localhost/guichet-signin',
  authorityOrigin: authority,
  expiresAt: 1_000_000 + 300_000,
};

let log: ReturnType<typeof vi.fn<(line: string) => void>>;
let ends: SignInWindowEnd[];
let timer: { fn: () => void; ms: number; cancelled: boolean } | undefined;

function open(kiosk = true) {
  const parent = new FakeBrowserWindow({});
  const handle = openEntraSignInWindow({
    parent: parent as never,
    signIn,
    kiosk,
    onEnd: (end) => ends.push(end),
    log,
    now: () => 1_000_000,
    setTimer: (fn, ms) => {
      const t = { fn, ms, cancelled: false };
      timer = t;
      return () => {
        t.cancelled = true;
      };
    },
  });
  const window = FakeBrowserWindow.instances.at(-1)!;
  const partition = window.options.webPreferences.partition!;
  return { handle, parent, window, contents: window.webContents, partition, ses: fakeSessions.get(partition)! };
}

const navigate = (target: { emit(event: string, ...args: unknown[]): boolean }, event: 'will-navigate' | 'will-redirect', url: string) => {
  const e = new FakeEvent();
  target.emit(event, e, url);
  return e;
};
const flush = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  resetElectronMock();
  log = vi.fn();
  ends = [];
  timer = undefined;
  // As in shell.ts: every webContents the app creates gets the app-wide guard first.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents as never, log));
});

describe('the sign-in window', () => {
  it('is a locked-down child window in a fresh in-memory partition, showing the authorize URL', () => {
    const first = open();
    const second = open();
    expect(first.partition).toMatch(/^guichet-signin-\d+$/);
    expect(second.partition).not.toBe(first.partition);
    expect(first.partition.startsWith('persist:')).toBe(false);
    expect(session.fromPartition).toHaveBeenCalledWith(first.partition, { cache: false });
    expect(first.window.options).toMatchObject({ parent: first.parent, modal: false, show: false });
    expect(first.window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
      disableDialogs: true,
    });
    // No bridge to the core: the page is not ours.
    expect(first.window.options.webPreferences.preload).toBeUndefined();
    expect(first.window.loadURL).toHaveBeenCalledWith(signIn.url);
    first.window.emit('ready-to-show');
    expect(first.window.show).toHaveBeenCalled();
  });

  it('denies every permission and opens no other window', () => {
    const { ses, contents } = open();
    const callback = vi.fn();
    ses.permissionRequestHandler?.(contents, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(ses.permissionCheckHandler?.(contents, 'clipboard-read')).toBe(false);
    expect(ses.devicePermissionHandler?.({ deviceType: 'hid' })).toBe(false);
    expect(contents.windowOpenHandler?.({ url: `${authority}/help` })).toEqual({ action: 'deny' });
  });

  it('moves between the authority’s pages, and nowhere else, despite the app-wide guard', () => {
    const { contents } = open();
    expect(navigate(contents, 'will-navigate', `${authority}/tenant-id/login`).preventDefault).not.toHaveBeenCalled();
    expect(navigate(contents, 'will-redirect', `${authority}/common/SAS/ProcessAuth`).preventDefault).not.toHaveBeenCalled();
    for (const url of ['https://evil.example/', 'http://login.microsoftonline.com/insecure', 'https://login.microsoftonline.com.evil.example/', 'app://guichet.evil/', 'file:///etc/passwd']) {
      expect(navigate(contents, 'will-navigate', url).preventDefault, url).toHaveBeenCalled();
    }
    const frame = Object.assign(new FakeEvent(), { url: 'https://tracker.example/' });
    contents.emit('will-frame-navigate', frame);
    expect(frame.preventDefault).toHaveBeenCalled();
    expect(ends).toEqual([]);
  });

  it.each(['will-redirect', 'will-navigate'] as const)('stops at the redirect URI (%s), hands its URL over, closes and wipes its partition', async (event) => {
    const { window, contents, ses } = open();
    const redirectUrl = 'http://localhost/guichet-signin?code=abc&state=s&session_state=x';
    const e = navigate(contents, event, redirectUrl);
    expect(e.preventDefault).toHaveBeenCalled();
    expect(window.destroy).toHaveBeenCalled();
    expect(ends).toEqual([{ redirectUrl }]);
    await flush();
    expect(ses.clearStorageData).toHaveBeenCalled();
    expect(ses.clearCache).toHaveBeenCalled();
    expect(ses.clearAuthCache).toHaveBeenCalled();
    expect(timer?.cancelled).toBe(true);
    // The guard logged nothing about it: the redirect was expected, only not loaded.
    expect(log).not.toHaveBeenCalledWith(expect.stringContaining('refused'));
  });

  it('reports a window the visitor closed, once', async () => {
    const { window, ses } = open();
    window.close();
    expect(ends).toEqual([{ closed: 'closed' }]);
    await flush();
    expect(ses.clearStorageData).toHaveBeenCalled();
  });

  it('closes itself when the sign-in expires', () => {
    const { window } = open();
    expect(timer?.ms).toBe(300_000);
    timer?.fn();
    expect(window.destroyed).toBe(true);
    expect(ends).toEqual([{ closed: 'timeout' }]);
  });

  it('closes quietly when the visitor’s flow moved on', async () => {
    const { handle, window, ses } = open();
    handle.close();
    expect(window.destroyed).toBe(true);
    expect(ends).toEqual([]);
    await flush();
    expect(ses.clearStorageData).toHaveBeenCalled();
    // Nothing after the end counts.
    navigate(window.webContents, 'will-redirect', 'http://localhost/guichet-signin?code=late&state=s');
    expect(ends).toEqual([]);
  });
});

describe('isRedirectTarget', () => {
  it('matches scheme, host, port and path, whatever the query', () => {
    expect(isRedirectTarget('http://localhost/guichet-signin?code=1', 'http://localhost/guichet-signin')).toBe(true);
    expect(isRedirectTarget('http://localhost:80/guichet-signin', 'http://localhost/guichet-signin')).toBe(true);
    for (const url of ['https://localhost/guichet-signin', 'http://localhost:5174/guichet-signin', 'http://127.0.0.1/guichet-signin', 'http://localhost/guichet-signin/x', 'nonsense']) {
      expect(isRedirectTarget(url, 'http://localhost/guichet-signin'), url).toBe(false);
    }
  });
});
