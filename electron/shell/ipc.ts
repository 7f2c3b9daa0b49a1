import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ipcChannel, requestNames, type RequestName } from '../../shared/contract';
import type { CoreConnection } from '../core/transport';
import { appOrigin } from './app-protocol';
import { eventChannel, type ShellEventName, type ShellEvents } from './events';

/** The window allowed to talk to the core right now, and the connection its visitor's session is bound to. */
export type IpcTarget = { webContents: WebContents; connection: CoreConnection };

const refused = { ok: false, error: { code: 'out-of-order' } } as const;
const failed = { ok: false, error: { code: 'unavailable' } } as const;

/**
 * Only the current visitor window's top frame, showing the app's own origin, may call the core. Checked once here,
 * not in each handler: a stale window, a sub-frame or any page that is not ours gets `out-of-order`.
 */
function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, target: IpcTarget | null): target is IpcTarget {
  if (!target || event.sender !== target.webContents) return false;
  const frame = event.senderFrame;
  return !!frame && frame.parent === null && frame.url.startsWith(`${appOrigin}/`);
}

export type IpcOptions = {
  current: () => IpcTarget | null;
  /** Called for each request that passed the sender check, before the core answers it. */
  onRequest?: (name: RequestName) => void;
  log: (line: string) => void;
};

/** One `ipcMain.handle` per request of the contract, all delegating to the current window's core connection. */
export function registerRequestHandlers({ current, onRequest, log }: IpcOptions): () => void {
  for (const name of requestNames) {
    ipcMain.handle(ipcChannel(name), async (event, payload: unknown) => {
      const target = current();
      if (!isTrustedSender(event, target)) {
        log(`ipc: refused ${name} from a sender that is not the current app window`);
        return refused;
      }
      onRequest?.(name);
      try {
        return await target.connection.handle(name, payload);
      } catch (err) {
        // The core answers with values; an exception here is a bug, and must not cross the bridge as one.
        log(`ipc: ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
        return failed;
      }
    });
  }
  return () => {
    for (const name of requestNames) ipcMain.removeHandler(ipcChannel(name));
  };
}

/** Pushes an event to a window's renderer, if it is still there. */
export function sendEvent<E extends ShellEventName>(webContents: WebContents, name: E, data: ShellEvents[E]): void {
  if (!webContents.isDestroyed()) webContents.send(eventChannel(name), data);
}
