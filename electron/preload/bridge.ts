import type { IpcRenderer } from 'electron';
import { ipcChannel, requestNames, type Bridge, type RequestName } from '../../shared/contract';
import { eventChannel, shellEventNames, type ShellEventName } from '../shell/events';

const known = new Set<string>(requestNames);
const knownEvents = new Set<string>(shellEventNames);

/**
 * The only API the page gets: `invoke` for the contract's requests and `on` for its events. The page never sees
 * `ipcRenderer`, a channel name or an IPC event object.
 */
export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): Bridge {
  return {
    invoke(name, payload) {
      // A name outside the contract is answered like any malformed request: a value, not a throw.
      if (typeof name !== 'string' || !known.has(name)) {
        return Promise.resolve({ ok: false, error: { code: 'invalid-input', reason: 'malformed' } });
      }
      return ipc.invoke(ipcChannel(name as RequestName), payload);
    },
    on(event, listener) {
      if (typeof event !== 'string' || !knownEvents.has(event) || typeof listener !== 'function') return () => {};
      const channel = eventChannel(event as ShellEventName);
      const wrapped = (_event: unknown, data: unknown) => listener(data as never);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    },
  };
}
