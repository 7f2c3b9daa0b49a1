import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionHooks, Core, CoreConnection } from '../core/transport';
import {
  clipboard,
  FakeBrowserWindow,
  FakeEvent,
  fakeSessions,
  powerSaveBlocker,
  resetElectronMock,
  session,
} from '../../test/support/electron-mock';
import { createVisitorWindows } from './visitor-windows';

vi.mock('electron', () => import('../../test/support/electron-mock'));

/** A core that records its connections and lets a test play the core's part (events, wipes). */
function fakeCore() {
  const connections: { conn: CoreConnection & { close: ReturnType<typeof vi.fn> }; hooks: ConnectionHooks }[] = [];
  const core: Core = {
    connect(hooks) {
      const conn = { id: `c${connections.length + 1}`, handle: vi.fn(async () => ({ ok: true }) as never), close: vi.fn() };
      connections.push({ conn, hooks });
      return conn;
    },
    liveSessions: () => 0,
    shutdown: async () => {},
  };
  return { core, connections };
}

let env: ReturnType<typeof fakeCore>;
let log: ReturnType<typeof vi.fn<(line: string) => void>>;
const serve = vi.fn();
const attendant = { quit: vi.fn(), reload: vi.fn() };

const setup = (kiosk: boolean, extra: { devTools?: boolean } = {}) => {
  const windows = createVisitorWindows({
    core: env.core,
    kiosk,
    devTools: extra.devTools ?? false,
    preload: '/app/out/preload/preload.cjs',
    serve,
    attendant,
    log,
  });
  windows.start();
  return windows;
};
const win = (i: number) => FakeBrowserWindow.instances[i]!;
const input = (key: string, mods: Record<string, boolean> = {}) => ({
  type: 'keyDown',
  key,
  code: /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : key,
  control: false,
  alt: false,
  shift: false,
  meta: false,
  ...mods,
});
const press = (w: FakeBrowserWindow, key: string, mods: Record<string, boolean> = {}) => {
  const e = new FakeEvent();
  w.webContents.emit('before-input-event', e, input(key, mods));
  return e;
};
const flush = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  resetElectronMock();
  env = fakeCore();
  log = vi.fn();
});

describe('the first visitor window', () => {
  it('opens home in a fresh in-memory partition, locked down, bound to one connection', () => {
    const windows = setup(false);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(win(0).options.webPreferences).toMatchObject({ partition: 'guichet-visitor-1', contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(session.fromPartition).toHaveBeenCalledWith('guichet-visitor-1', { cache: false });
    const ses = fakeSessions.get('guichet-visitor-1')!;
    expect(ses.protocol.handle).toHaveBeenCalledWith('app', serve);
    expect(ses.setPermissionRequestHandler).toHaveBeenCalled();
    expect(win(0).loadURL).toHaveBeenCalledWith('app://guichet/index.html');
    expect(env.connections).toHaveLength(1);
    expect(windows.current()).toEqual({ webContents: win(0).webContents, connection: env.connections[0]!.conn });
  });

  it('shows itself once ready', () => {
    setup(true);
    expect(win(0).show).not.toHaveBeenCalled();
    win(0).emit('ready-to-show');
    expect(win(0).show).toHaveBeenCalled();
  });

  it('is a full-screen kiosk window in kiosk mode, and devtools stay off even with --dev', () => {
    setup(true, { devTools: true });
    expect(win(0).options).toMatchObject({ kiosk: true, fullscreen: true });
    expect(win(0).options.webPreferences.devTools).toBe(false);
  });

  it('routes the core’s events to the window', () => {
    setup(false);
    env.connections[0]!.hooks.send('idle-warning', { secondsLeft: 20 });
    expect(win(0).webContents.send).toHaveBeenCalledWith('guichet-event:idle-warning', { secondsLeft: 20 });
  });
});

describe('wipe', () => {
  it('gives the connection a new window in a new partition, destroys the old one and clears its partition', async () => {
    const windows = setup(true);
    const old = win(0);
    const oldSession = fakeSessions.get('guichet-visitor-1')!;
    env.connections[0]!.hooks.onWiped!();
    await flush();

    expect(FakeBrowserWindow.instances).toHaveLength(2);
    expect(win(1).options.webPreferences.partition).toBe('guichet-visitor-2');
    expect(win(1).loadURL).toHaveBeenCalledWith('app://guichet/index.html');
    expect(old.destroy).toHaveBeenCalled();
    // The new window exists before the old one goes, so the app never has zero windows.
    expect(win(1).loadURL.mock.invocationCallOrder[0]!).toBeLessThan(old.destroy.mock.invocationCallOrder[0]!);
    expect(oldSession.clearStorageData).toHaveBeenCalled();
    expect(oldSession.clearCache).toHaveBeenCalled();
    expect(oldSession.clearAuthCache).toHaveBeenCalled();
    expect(fakeSessions.get('guichet-visitor-2')!.clearStorageData).not.toHaveBeenCalled();

    // The core keeps the connection (its fresh session may show a final screen); only the window changes.
    expect(env.connections).toHaveLength(1);
    expect(env.connections[0]!.conn.close).not.toHaveBeenCalled();
    expect(windows.current()?.webContents).toBe(win(1).webContents);
    env.connections[0]!.hooks.send('session-reset', {});
    expect(win(1).webContents.send).toHaveBeenCalledWith('guichet-event:session-reset', {});
    expect(old.webContents.send).not.toHaveBeenCalled();
  });

  it('clears the clipboard on a kiosk, and leaves a staff member’s clipboard alone', () => {
    setup(true);
    env.connections[0]!.hooks.onWiped!();
    expect(clipboard.clear).toHaveBeenCalledTimes(1);

    resetElectronMock();
    env = fakeCore();
    setup(false);
    env.connections[0]!.hooks.onWiped!();
    expect(clipboard.clear).not.toHaveBeenCalled();
  });

  it('keeps a staff window where it was', () => {
    setup(false);
    env.connections[0]!.hooks.onWiped!();
    expect(win(1).options).toMatchObject({ x: 40, y: 30, width: 900, height: 700 });
  });

  it('ignores a wipe from a connection that is no longer current', () => {
    setup(true);
    win(0).webContents.emit('render-process-gone', new FakeEvent(), { reason: 'crashed', exitCode: 1 });
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    env.connections[0]!.hooks.onWiped!();
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });
});

describe('faults', () => {
  it('a renderer crash closes the session as renderer-gone and starts over at home in a new window', () => {
    const windows = setup(true);
    const old = win(0);
    old.webContents.emit('render-process-gone', new FakeEvent(), { reason: 'crashed', exitCode: 133 });

    expect(env.connections[0]!.conn.close).toHaveBeenCalledWith('renderer-gone');
    expect(env.connections).toHaveLength(2);
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    expect(win(1).options.webPreferences.partition).toBe('guichet-visitor-2');
    expect(win(1).loadURL).toHaveBeenCalledWith('app://guichet/index.html');
    expect(old.destroy).toHaveBeenCalled();
    expect(fakeSessions.get('guichet-visitor-1')!.clearStorageData).toHaveBeenCalled();
    expect(windows.current()).toEqual({ webContents: win(1).webContents, connection: env.connections[1]!.conn });
    expect(log).toHaveBeenCalledWith('window: renderer-gone (crashed)');
  });

  it('a hung renderer is handled the same way', () => {
    setup(false);
    win(0).emit('unresponsive');
    expect(env.connections[0]!.conn.close).toHaveBeenCalledWith('renderer-unresponsive');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });

  it('does not react to the renderer of a window it already retired', () => {
    setup(true);
    const old = win(0);
    env.connections[0]!.hooks.onWiped!();
    old.webContents.emit('render-process-gone', new FakeEvent(), { reason: 'killed', exitCode: 9 });
    expect(env.connections[0]!.conn.close).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });
});

describe('kiosk input', () => {
  it.each([
    ['r', { control: true }],
    ['F5', {}],
    ['I', { control: true, shift: true }],
    ['F12', {}],
    ['p', { control: true }],
    ['w', { control: true }],
    ['q', { control: true }],
    ['F4', { alt: true }],
    ['n', { control: true }],
    ['t', { control: true }],
  ])('swallows %s %o in kiosk mode', (key, mods) => {
    setup(true);
    expect(press(win(0), key, mods).preventDefault).toHaveBeenCalled();
  });

  it('lets typing and editing keys through in kiosk mode', () => {
    setup(true);
    for (const [key, mods] of [['a', {}], ['c', { control: true }], ['v', { control: true }], ['Backspace', {}]] as const) {
      expect(press(win(0), key, mods).preventDefault).not.toHaveBeenCalled();
    }
  });

  it('does not swallow keys on a staff workstation', () => {
    setup(false);
    expect(press(win(0), 'r', { control: true }).preventDefault).not.toHaveBeenCalled();
  });

  it('gives each connection the attendant actions', () => {
    setup(true);
    env.connections[0]!.hooks.attendant?.reload();
    expect(attendant.reload).toHaveBeenCalledTimes(1);
  });

  it('lets the attendant keys through to the page, which opens the PIN prompt', () => {
    setup(true);
    expect(press(win(0), 'G', { control: true, alt: true, shift: true }).preventDefault).not.toHaveBeenCalled();
  });

  it('has no context menu and fixes the zoom in kiosk mode', () => {
    setup(true);
    const e = new FakeEvent();
    win(0).webContents.emit('context-menu', e, {});
    expect(e.preventDefault).toHaveBeenCalled();
    win(0).webContents.emit('did-finish-load');
    expect(win(0).webContents.setVisualZoomLevelLimits).toHaveBeenCalledWith(1, 1);
  });
});

describe('closing', () => {
  it('a kiosk window cannot be closed while the app runs', () => {
    const windows = setup(true);
    win(0).close();
    expect(win(0).destroyed).toBe(false);
    windows.quit();
    win(0).close();
    expect(win(0).destroyed).toBe(true);
  });

  it('a kiosk window closed anyway is replaced, and its session closed', () => {
    setup(true);
    win(0).destroy();
    expect(env.connections[0]!.conn.close).toHaveBeenCalledWith('window-closed');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    expect(fakeSessions.get('guichet-visitor-1')!.clearStorageData).toHaveBeenCalled();
  });

  it('closing a staff window closes the session and leaves no window', () => {
    const windows = setup(false);
    win(0).close();
    expect(env.connections[0]!.conn.close).toHaveBeenCalledWith('window-closed');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(windows.current()).toBeNull();
  });

  it('quitting closes the session as app-quit, once', () => {
    const windows = setup(true);
    windows.quit();
    windows.quit();
    expect(env.connections[0]!.conn.close).toHaveBeenCalledTimes(1);
    expect(env.connections[0]!.conn.close).toHaveBeenCalledWith('app-quit');
  });
});

describe('display sleep', () => {
  it('is prevented once a visitor acts in kiosk mode, and allowed again on wipe', () => {
    const windows = setup(true);
    windows.noteRequest('view.get');
    expect(powerSaveBlocker.start).not.toHaveBeenCalled();
    windows.noteRequest('home.sign-in');
    windows.noteRequest('signin.identifier');
    expect(powerSaveBlocker.start).toHaveBeenCalledTimes(1);
    expect(powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    const id = powerSaveBlocker.start.mock.results[0]!.value as number;
    env.connections[0]!.hooks.onWiped!();
    expect(powerSaveBlocker.stop).toHaveBeenCalledWith(id);
    windows.noteRequest('home.recover');
    expect(powerSaveBlocker.start).toHaveBeenCalledTimes(2);
  });

  it('is left to the OS on a staff workstation', () => {
    const windows = setup(false);
    windows.noteRequest('home.sign-in');
    expect(powerSaveBlocker.start).not.toHaveBeenCalled();
  });
});

describe('the directory’s sign-in window', () => {
  const signIn = {
    url: 'https://login.microsoftonline.com/t/oauth2/v2.0/authorize?state=s1',
    redirectUri: 'http://localhost/guichet-signin',
    authorityOrigin: 'https://login.microsoftonline.com',
    state: 's1',
    expiresAt: Date.now() + 300_000,
    opened: false,
  };

  it('opens over the visitor window once the visitor opens the page, and sends its redirect to that window', () => {
    setup(true);
    const hooks = env.connections[0]!.hooks;
    expect(hooks.externalSignIn?.showsPage).toBe(true);
    hooks.externalSignIn!.update(signIn);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    hooks.externalSignIn!.update({ ...signIn, opened: true });
    hooks.externalSignIn!.update({ ...signIn, opened: true });
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    expect(win(1).options).toMatchObject({ parent: win(0), modal: false });
    expect(win(1).loadURL).toHaveBeenCalledWith(signIn.url);

    const e = new FakeEvent();
    win(1).webContents.emit('will-redirect', e, 'http://localhost/guichet-signin?code=c&state=s1');
    expect(e.preventDefault).toHaveBeenCalled();
    expect(win(1).destroyed).toBe(true);
    expect(win(0).webContents.send).toHaveBeenCalledWith('guichet-event:signin-external', { redirectUrl: 'http://localhost/guichet-signin?code=c&state=s1' });
  });

  it('closes when the flow no longer waits for it, without telling the renderer', () => {
    setup(true);
    const hooks = env.connections[0]!.hooks;
    hooks.externalSignIn!.update({ ...signIn, opened: true });
    hooks.externalSignIn!.update(null);
    expect(win(1).destroyed).toBe(true);
    expect(win(0).webContents.send).not.toHaveBeenCalled();
  });

  it('tells the renderer when the visitor closed it', () => {
    setup(false);
    env.connections[0]!.hooks.externalSignIn!.update({ ...signIn, opened: true });
    win(1).close();
    expect(win(0).webContents.send).toHaveBeenCalledWith('guichet-event:signin-external', { closed: 'closed' });
  });
});
