import http from 'node:http';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, testConfig, type HostProcess } from '../../test/support/browser-host-process';

let host: HostProcess;
let origin: string;
let bridge: string;

// A fresh host for each attack, so each one shows on its own that it no longer ends the process.
beforeEach(async () => {
  host = await startHost(testConfig);
  const url = new URL(host.url);
  origin = url.origin;
  bridge = `ws://${url.host}/bridge?token=${new URLSearchParams(url.hash.slice(1)).get('token')}`;
});
afterEach(() => host?.stop());

const get = (path: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get(`${origin}${path}`, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });

const open = () =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(bridge);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

/** One request over the bridge, as the renderer sends it. */
const ask = (ws: WebSocket, name: string) =>
  new Promise<unknown>((resolve) => {
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { id?: number; result?: unknown };
      if (message.id === 1) resolve(message.result);
    });
    ws.send(JSON.stringify({ id: 1, name, payload: {} }));
  });

/** The host still serves others after an attack: a fresh connection gets the home screen. */
async function stillServes() {
  const ws = await open();
  expect(await ask(ws, 'view.get')).toMatchObject({ view: { step: { name: 'home' } } });
  ws.close();
}

describe('browser host under malformed input', () => {
  it('answers 400 to a badly percent-encoded path and keeps running', async () => {
    expect(await get('/%')).toBe(400);
    expect(await get('/%E0%A4%A')).toBe(400);
    await stillServes();
  });

  it('closes only the connection that sent a frame over the size limit', async () => {
    const bystander = await open();
    const attacker = await open();
    attacker.on('error', () => {});
    const code = closed(attacker);
    attacker.send('x'.repeat(65 * 1024));
    expect(await code).toBe(1009);
    expect(await ask(bystander, 'view.get')).toMatchObject({ view: { step: { name: 'home' } } });
    bystander.close();
    await stillServes();
  });

  it('closes only the connection that sent a text frame of invalid UTF-8', async () => {
    const attacker = await open();
    attacker.on('error', () => {});
    const code = closed(attacker);
    attacker.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await code).toBe(1007);
    await stillServes();
  });

  it('survives a client that resets its connection in the middle of a request', async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(new URL(origin).port), '127.0.0.1', () => {
        socket.write('GET /bridge HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n');
        socket.resetAndDestroy();
        resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 200));
    await stillServes();
  });
});
