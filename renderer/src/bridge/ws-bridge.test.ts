import { describe, expect, it } from 'vitest';
import { bridgeUrl, createWsBridge, tokenFromHash, type SocketLike } from './ws-bridge';

type Listener = (event: { data: unknown }) => void;

/** Stands in for the DOM WebSocket: records what is sent, lets the test open, answer and close. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  closed = false;
  private listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {}
  send(data: string) {
    if (this.readyState !== 1) throw new Error('send before open');
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(type: string, data?: unknown) {
    if (type === 'open') this.readyState = 1;
    if (type === 'close') this.readyState = 3;
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
  answer(id: number, result: unknown) {
    this.fire('message', JSON.stringify({ id, result }));
  }
}

const setup = () => {
  let socket!: FakeSocket;
  const bridge = createWsBridge('ws://127.0.0.1:5174/bridge?token=t', (url) => (socket = new FakeSocket(url)));
  return { bridge, socket };
};

const view = { token: 'a' };

describe('createWsBridge', () => {
  it('queues requests until the socket opens, then sends { id, name, payload }', async () => {
    const { bridge, socket } = setup();
    expect(socket.url).toBe('ws://127.0.0.1:5174/bridge?token=t');
    const answer = bridge.invoke('view.get', {});
    expect(socket.sent).toEqual([]);
    socket.fire('open');
    expect(socket.sent.map((text) => JSON.parse(text))).toEqual([{ id: 1, name: 'view.get', payload: {} }]);
    socket.answer(1, { ok: true, view });
    await expect(answer).resolves.toEqual({ ok: true, view });
  });

  it('matches answers to requests by id, whatever their order', async () => {
    const { bridge, socket } = setup();
    socket.fire('open');
    const first = bridge.invoke('flow.cancel', { token: 'a' });
    const second = bridge.invoke('locale.set', { locale: 'en' });
    const ids = socket.sent.map((text) => JSON.parse(text).id as number);
    expect(new Set(ids).size).toBe(2);
    socket.answer(ids[1]!, { ok: true, view: { token: 'second' } });
    socket.answer(ids[0]!, { ok: false, error: { code: 'out-of-order' } });
    await expect(second).resolves.toEqual({ ok: true, view: { token: 'second' } });
    await expect(first).resolves.toEqual({ ok: false, error: { code: 'out-of-order' } });
  });

  it('delivers events to their listeners until they unsubscribe', () => {
    const { bridge, socket } = setup();
    socket.fire('open');
    const seen: unknown[] = [];
    const off = bridge.on('idle-warning', (data) => seen.push(data));
    bridge.on('session-reset', () => seen.push('reset'));
    socket.fire('message', JSON.stringify({ event: 'idle-warning', data: { secondsLeft: 20 } }));
    socket.fire('message', JSON.stringify({ event: 'session-reset', data: {} }));
    off();
    socket.fire('message', JSON.stringify({ event: 'idle-warning', data: { secondsLeft: 5 } }));
    expect(seen).toEqual([{ secondsLeft: 20 }, 'reset']);
  });

  it('ignores malformed messages and answers to unknown ids', async () => {
    const { bridge, socket } = setup();
    socket.fire('open');
    const answer = bridge.invoke('view.get', {});
    socket.fire('message', 'not json');
    socket.fire('message', JSON.stringify([1, 2]));
    socket.fire('message', JSON.stringify({ id: 99, result: { ok: true } }));
    socket.fire('message', JSON.stringify({ id: 1 }));
    socket.answer(1, { ok: true, view });
    await expect(answer).resolves.toEqual({ ok: true, view });
  });

  it('answers pending and later requests with "unavailable" once the socket closes, and says it is lost', async () => {
    const { bridge, socket } = setup();
    socket.fire('open');
    let lost = 0;
    bridge.onLost(() => lost++);
    const pending = bridge.invoke('view.get', {});
    socket.fire('close');
    await expect(pending).resolves.toEqual({ ok: false, error: { code: 'unavailable' } });
    await expect(bridge.invoke('view.get', {})).resolves.toEqual({ ok: false, error: { code: 'unavailable' } });
    expect(lost).toBe(1);
    socket.fire('error');
    expect(lost).toBe(1);
    expect(socket.sent).toHaveLength(1);
    // A listener that registers after the loss still hears of it.
    const late = new Promise<void>((resolve) => bridge.onLost(resolve));
    await expect(late).resolves.toBeUndefined();
  });
});

describe('browser host address', () => {
  it('reads the token from the page address and builds the socket address', () => {
    expect(tokenFromHash('#token=abc-DEF_123')).toBe('abc-DEF_123');
    expect(tokenFromHash('')).toBe('');
    expect(bridgeUrl('127.0.0.1:5174', 'a+b/c')).toBe('ws://127.0.0.1:5174/bridge?token=a%2Bb%2Fc');
  });
});
