import type { Bridge, EventName, Events, RequestName, RequestPayload, ResultOf } from '../../../shared/contract';

/** The part of the DOM `WebSocket` the client uses, so tests can hand it a fake. */
export type SocketLike = {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
};

export type SocketFactory = (url: string) => SocketLike;

/** A bridge that can lose its transport: the main side wipes the session when the socket goes. */
export type LosableBridge = Bridge & {
  /** Called once when the connection is lost (immediately if it already is). Returns an unsubscribe function. */
  onLost(listener: () => void): () => void;
};

const OPEN = 1;

type Pending = (result: unknown) => void;

/** What a request answers once the connection is gone: a value, as everything crossing the bridge. */
const lostResult = { ok: false, error: { code: 'unavailable' } } as const;

/**
 * The browser host's bridge: the same requests and events as the Electron preload, over one WebSocket.
 * Messages: `{ id, name, payload }` out, `{ id, result }` and `{ event, data }` in.
 */
export const createWsBridge = (url: string, open: SocketFactory): LosableBridge => {
  const socket = open(url);
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<EventName, Set<(data: never) => void>>();
  const lostListeners = new Set<() => void>();
  let nextId = 1;
  let lost = false;

  const loseConnection = () => {
    if (lost) return;
    lost = true;
    queue.length = 0;
    for (const resolve of pending.values()) resolve(lostResult);
    pending.clear();
    for (const listener of [...lostListeners]) listener();
  };

  socket.addEventListener('open', () => {
    for (const message of queue.splice(0)) socket.send(message);
  });
  socket.addEventListener('close', loseConnection);
  socket.addEventListener('error', loseConnection);
  socket.addEventListener('message', (event) => {
    const message = parse(event.data);
    if (!message) return;
    if (typeof message.id === 'number') {
      const resolve = pending.get(message.id);
      if (!resolve || !('result' in message)) return;
      pending.delete(message.id);
      resolve(message.result);
      return;
    }
    if (typeof message.event === 'string') {
      const set = listeners.get(message.event as EventName);
      if (set) for (const listener of [...set]) (listener as (data: unknown) => void)(message.data);
    }
  });

  return {
    invoke<K extends RequestName>(name: K, payload: RequestPayload<K>): Promise<ResultOf<K>> {
      if (lost) return Promise.resolve(lostResult as ResultOf<K>);
      const id = nextId++;
      const text = JSON.stringify({ id, name, payload });
      return new Promise<ResultOf<K>>((resolve) => {
        pending.set(id, resolve as Pending);
        if (socket.readyState === OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const entry = listener as (data: never) => void;
      set.add(entry);
      return () => void set.delete(entry);
    },
    onLost(listener: () => void): () => void {
      if (lost) {
        queueMicrotask(listener);
        return () => {};
      }
      lostListeners.add(listener);
      return () => void lostListeners.delete(listener);
    },
  };
};

type Incoming = { id?: unknown; result?: unknown; event?: unknown; data?: unknown };

const parse = (data: unknown): Incoming | undefined => {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Incoming) : undefined;
  } catch {
    return undefined;
  }
};

/** The session token the browser host puts in the page address: `#token=…`. */
export const tokenFromHash = (hash: string): string => new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';

export const bridgeUrl = (host: string, token: string): string => `ws://${host}/bridge?token=${encodeURIComponent(token)}`;
