import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../shared/contract';
import { contextBridge, exposed, ipcRenderer, resetElectronMock } from '../../test/support/electron-mock';

vi.mock('electron', () => import('../../test/support/electron-mock'));

let bridge: Bridge;
let exposedCalls: unknown[][];

// The preload runs once, as in a renderer; each test then starts from a quiet ipcRenderer.
beforeAll(async () => {
  resetElectronMock();
  await import('./preload');
  exposedCalls = contextBridge.exposeInMainWorld.mock.calls.map((call) => [...call]);
  bridge = exposed.guichet as Bridge;
});
beforeEach(() => {
  ipcRenderer.invoke.mockClear();
  ipcRenderer.removeAllListeners();
});

describe('preload', () => {
  it('exposes window.guichet with invoke and on, and nothing else', () => {
    expect(exposedCalls).toHaveLength(1);
    expect(exposedCalls[0]?.[0]).toBe('guichet');
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('invokes a contract request on its channel', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, view: { step: 'home' } });
    const result = await bridge.invoke('home.sign-in', { token: 'abc' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('guichet:home.sign-in', { token: 'abc' });
    expect(result).toEqual({ ok: true, view: { step: 'home' } });
  });

  it.each(['shell.openExternal', 'guichet:view.get', '__proto__', 'constructor', 42])('refuses %s without any IPC', async (name) => {
    const result = await bridge.invoke(name as never, {} as never);
    expect(result).toEqual({ ok: false, error: { code: 'invalid-input', reason: 'malformed' } });
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('hands a listener the event data only, and unsubscribes it', () => {
    const listener = vi.fn();
    const off = bridge.on('idle-warning', listener);
    ipcRenderer.emit('guichet-event:idle-warning', { sender: 'ipc event' }, { secondsLeft: 20 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ secondsLeft: 20 }]);
    off();
    ipcRenderer.emit('guichet-event:idle-warning', {}, { secondsLeft: 10 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(ipcRenderer.listenerCount('guichet-event:idle-warning')).toBe(0);
  });

  it('keeps listeners of the same function apart, each with its own unsubscribe', () => {
    const listener = vi.fn();
    const offA = bridge.on('session-reset', listener);
    bridge.on('session-reset', listener);
    offA();
    ipcRenderer.emit('guichet-event:session-reset', {}, {});
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('subscribes to idle warnings, and to no channel outside the events', () => {
    const listener = vi.fn();
    bridge.on('idle-warning', listener);
    ipcRenderer.emit('guichet-event:idle-warning', {}, { secondsLeft: 20 });
    expect(listener).toHaveBeenCalledWith({ secondsLeft: 20 });
    const off = bridge.on('guichet:view.get' as never, listener);
    expect(ipcRenderer.listenerCount('guichet-event:guichet:view.get')).toBe(0);
    expect(typeof off).toBe('function');
  });
});
