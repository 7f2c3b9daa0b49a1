import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannel, requestNames } from '../../shared/contract';
import type { CoreConnection } from '../core/transport';
import { FakeFrame, FakeWebContents, ipcMain, resetElectronMock } from '../../test/support/electron-mock';
import { registerRequestHandlers, sendEvent, type IpcTarget } from './ipc';

vi.mock('electron', () => import('../../test/support/electron-mock'));

const connection = (): CoreConnection & { handle: ReturnType<typeof vi.fn> } => ({
  id: 'c1',
  // A stand-in view that names the request answered: not a real View, hence the cast.
  handle: vi.fn(async (name: string) => ({ ok: true, view: { answered: name } }) as never),
  close: vi.fn(),
});

let target: IpcTarget & { connection: ReturnType<typeof connection> };
let log: ReturnType<typeof vi.fn<(line: string) => void>>;
let onRequest: ReturnType<typeof vi.fn<(name: string) => void>>;

const invoke = (name: string, event: { sender: unknown; senderFrame: FakeFrame | null }, payload: unknown = {}) => {
  const handler = ipcMain.handlers.get(ipcChannel(name as never));
  if (!handler) throw new Error(`no handler for ${name}`);
  return handler(event, payload);
};

beforeEach(() => {
  resetElectronMock();
  const webContents = new FakeWebContents();
  target = { webContents: webContents as never, connection: connection() };
  log = vi.fn();
  onRequest = vi.fn();
  registerRequestHandlers({ current: () => target, onRequest, log });
});

describe('registerRequestHandlers', () => {
  it('registers one handler per request of the contract, on guichet:<name>', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(requestNames.map((n) => `guichet:${n}`).sort());
    expect(ipcMain.handle).toHaveBeenCalledTimes(requestNames.length);
  });

  it('delegates a request from the current window to its connection', async () => {
    const result = await invoke('signin.identifier', { sender: target.webContents, senderFrame: new FakeFrame('app://guichet/index.html') }, { token: 't', identifier: 'x' });
    expect(result).toEqual({ ok: true, view: { answered: 'signin.identifier' } });
    expect(target.connection.handle).toHaveBeenCalledWith('signin.identifier', { token: 't', identifier: 'x' });
    expect(onRequest).toHaveBeenCalledWith('signin.identifier');
  });

  it.each([
    ['a frame from another origin', () => ({ sender: target.webContents, senderFrame: new FakeFrame('https://evil.example/') })],
    ['a file:// frame', () => ({ sender: target.webContents, senderFrame: new FakeFrame('file:///tmp/x.html') })],
    ['a look-alike origin', () => ({ sender: target.webContents, senderFrame: new FakeFrame('app://guichet.evil/index.html') })],
    ['a sub-frame of the app', () => ({ sender: target.webContents, senderFrame: new FakeFrame('app://guichet/index.html', new FakeFrame('app://guichet/index.html')) })],
    ['a frame that is gone', () => ({ sender: target.webContents, senderFrame: null })],
    ['another window (a previous visitor’s)', () => ({ sender: new FakeWebContents(), senderFrame: new FakeFrame('app://guichet/index.html') })],
  ])('refuses %s with out-of-order, without reaching the core', async (_name, event) => {
    const result = await invoke('view.get', event());
    expect(result).toEqual({ ok: false, error: { code: 'out-of-order' } });
    expect(target.connection.handle).not.toHaveBeenCalled();
    expect(onRequest).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('refused view.get'));
  });

  it('refuses everything when no window is current', async () => {
    ipcMain.handlers.clear();
    registerRequestHandlers({ current: () => null, log });
    expect(await invoke('view.get', { sender: target.webContents, senderFrame: new FakeFrame('app://guichet/') })).toEqual({ ok: false, error: { code: 'out-of-order' } });
  });

  it('turns an exception in the core into an unavailable value, never a throw across the bridge', async () => {
    target.connection.handle.mockRejectedValueOnce(new Error('boom'));
    const result = await invoke('view.get', { sender: target.webContents, senderFrame: new FakeFrame('app://guichet/index.html') });
    expect(result).toEqual({ ok: false, error: { code: 'unavailable' } });
  });

  it('can be unregistered', () => {
    ipcMain.handlers.clear();
    const off = registerRequestHandlers({ current: () => target, log });
    off();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('sendEvent', () => {
  it('sends on guichet-event:<name>, and not to a destroyed window', () => {
    const wc = new FakeWebContents();
    sendEvent(wc as never, 'idle-warning', { secondsLeft: 20 });
    expect(wc.send).toHaveBeenCalledWith('guichet-event:idle-warning', { secondsLeft: 20 });
    wc.destroyed = true;
    sendEvent(wc as never, 'session-reset', {});
    expect(wc.send).toHaveBeenCalledTimes(1);
  });
});
