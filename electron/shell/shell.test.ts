import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestNames } from '../../shared/contract';
import { configSchema } from '../core/config/schema';
import type { ConnectionHooks, Core } from '../core/transport';
import { app, FakeBrowserWindow, FakeEvent, ipcMain, Menu, protocol, resetElectronMock } from '../../test/support/electron-mock';
import { runShell, type CoreStarter } from './shell';

vi.mock('electron', () => import('../../test/support/electron-mock'));

let dataDir: string;
let processEvents: EventEmitter;
let core: Core & { shutdown: ReturnType<typeof vi.fn> };
let hooks: ConnectionHooks | undefined;

const starter = (kiosk: boolean | null) =>
  vi.fn<CoreStarter>(async () => ({ core, config: kiosk === null ? null : configSchema.parse({ kiosk: { enabled: kiosk } }) }));

const run = (startCore: CoreStarter, ...args: string[]) =>
  runShell({ startCore, argv: ['/usr/lib/guichet/guichet', ...args], env: { GUICHET_X: '1' }, platform: 'linux', processEvents, resourcesPath: '/usr/lib/guichet/resources' });

beforeEach(() => {
  resetElectronMock();
  dataDir = mkdtempSync(path.join(tmpdir(), 'guichet-shell-'));
  processEvents = new EventEmitter();
  core = {
    connect: (h) => {
      hooks = h;
      return { id: 'c', handle: async () => ({ ok: true }) as never, close: () => {} };
    },
    liveSessions: () => 0,
    shutdown: vi.fn(async () => {}),
  };
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('runShell', () => {
  it('starts the core with the data dir, the arguments and the packaged flag, then opens one window', async () => {
    const startCore = starter(false);
    app.isPackaged = true;
    await run(startCore, '--data-dir', dataDir, '--config', '/etc/x.json');
    expect(app.setPath).toHaveBeenCalledWith('userData', dataDir);
    expect(startCore).toHaveBeenCalledWith(
      expect.objectContaining({ argv: ['--data-dir', dataDir, '--config', '/etc/x.json'], env: { GUICHET_X: '1' }, platform: 'linux', dataDir, installed: true }),
    );
    expect(app.setAppUserModelId).toHaveBeenCalledWith('org.guichet.app');
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(FakeBrowserWindow.instances[0]!.options.webPreferences.preload).toBe(path.join('/opt/guichet', 'out', 'preload', 'preload.cjs'));
  });

  it('gives the attendant quit, and reload as a relaunch that reads the configuration again', async () => {
    const startCore = starter(true);
    await run(startCore, '--data-dir', dataDir);
    expect(startCore).toHaveBeenCalledWith(expect.objectContaining({ version: '0.1.0' }));
    // Not packaged: the clips come from the source tree.
    expect(startCore.mock.calls[0]![0].captchaClipsDir).toMatch(/electron[/\\]core[/\\]verify[/\\]captcha[/\\]clips$/);
    hooks!.attendant!.quit();
    expect(app.quit).toHaveBeenCalledTimes(1);
    expect(app.relaunch).not.toHaveBeenCalled();
    hooks!.attendant!.reload();
    expect(app.relaunch).toHaveBeenCalledTimes(1);
    expect(app.quit).toHaveBeenCalledTimes(2);
  });

  it('registers app:// as a standard, secure scheme before the app is ready', async () => {
    await run(starter(false), '--data-dir', dataDir);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]!).toBeLessThan(app.whenReady.mock.invocationCallOrder[0]!);
  });

  it('registers a handler for every request and guards every webContents', async () => {
    await run(starter(false), '--data-dir', dataDir);
    expect(ipcMain.handlers.size).toBe(requestNames.length);
    const contents = FakeBrowserWindow.instances[0]!.webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    const e = new FakeEvent();
    contents.emit('will-navigate', e, 'https://example.org');
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('quits without starting anything when another instance holds the lock', async () => {
    const startCore = starter(false);
    app.singleInstance = false;
    await run(startCore, '--data-dir', dataDir);
    expect(app.quit).toHaveBeenCalled();
    expect(startCore).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('removes the menu in kiosk mode', async () => {
    await run(starter(true), '--data-dir', dataDir);
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(FakeBrowserWindow.instances[0]!.options.kiosk).toBe(true);
  });

  it('keeps only the Edit menu on a macOS staff workstation, where copy and paste need it', async () => {
    await runShell({ startCore: starter(false), argv: ['/x', '--data-dir', dataDir], env: {}, platform: 'darwin', processEvents, resourcesPath: '/Applications/Guichet.app/Contents/Resources' });
    expect(Menu.buildFromTemplate).toHaveBeenCalledWith([{ role: 'appMenu' }, { role: 'editMenu' }]);
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith({ template: [{ role: 'appMenu' }, { role: 'editMenu' }] });
  });

  it('opens a normal window showing the out-of-service screen when the config is invalid', async () => {
    await run(starter(null), '--data-dir', dataDir);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(FakeBrowserWindow.instances[0]!.options.kiosk).toBeUndefined();
  });

  it('allows devtools with --dev outside kiosk mode', async () => {
    await run(starter(false), '--data-dir', dataDir, '--dev');
    expect(FakeBrowserWindow.instances[0]!.options.webPreferences.devTools).toBe(true);
  });

  it('relaunches a kiosk after an uncaught exception, and logs it', async () => {
    await run(starter(true), '--data-dir', dataDir);
    processEvents.emit('uncaughtException', new Error('kaput'));
    expect(app.relaunch).toHaveBeenCalled();
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(readFileSync(path.join(dataDir, 'logs', 'main.log'), 'utf8')).toContain('main: uncaught exception: Error: kaput');
  });

  it('only logs an uncaught exception on a staff workstation', async () => {
    await run(starter(false), '--data-dir', dataDir);
    processEvents.emit('uncaughtException', new Error('kaput'));
    expect(app.relaunch).not.toHaveBeenCalled();
    expect(app.exit).not.toHaveBeenCalled();
  });

  it('shuts the core down before the app quits', async () => {
    await run(starter(false), '--data-dir', dataDir);
    const e = new FakeEvent();
    app.emit('will-quit', e);
    expect(e.preventDefault).toHaveBeenCalled();
    expect(core.shutdown).toHaveBeenCalled();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    const again = new FakeEvent();
    app.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('exits when the core cannot start at all', async () => {
    await run(vi.fn<CoreStarter>(async () => Promise.reject(new Error('no'))), '--data-dir', dataDir);
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('focuses the window when a second instance starts', async () => {
    await run(starter(false), '--data-dir', dataDir);
    app.emit('second-instance');
    expect(FakeBrowserWindow.instances[0]!.focus).toHaveBeenCalled();
  });
});
