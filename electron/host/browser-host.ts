import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { isRequestName } from '../../shared/contract';
import type { ConnectionHooks, Core } from '../core/transport';
import { createSignInRedirects } from './sign-in-redirects';
import { staticFiles } from './static-files';

export type BrowserHostOptions = {
  /** Read for each new connection: reloading the configuration swaps the core under a running host. */
  core: () => Core;
  attendant?: ConnectionHooks['attendant'];
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  log: (line: string) => void;
};

export type BrowserHost = {
  url: string;
  port: number;
  token: string;
  /** Ends every visitor connection (their sessions are wiped); the pages reconnect to the current core. */
  disconnectAll(): void;
  close(): Promise<void>;
};

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Serves the built renderer on 127.0.0.1 and carries the bridge over a WebSocket authenticated with a
 * random per-run token. Each socket is one visitor connection, exactly like one Electron window.
 * For demos, screenshots and end-to-end tests; never part of a packaged build.
 */
export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(24).toString('base64url');
  let port = opts.port;
  const serveFile = staticFiles(opts.rendererDir);

  // The directory's sign-in page (backend.type "graph") ends on this host, in the visitor's popup.
  const signInRedirects = createSignInRedirects();

  // A client that resets its connection, or sends what is not HTTP, costs that one connection, never the host.
  const server = http.createServer((req, res) => {
    req.on('error', () => res.destroy());
    res.on('error', () => req.destroy());
    try {
      if (!signInRedirects.handle(req, res)) serveFile(req, res);
    } catch (err) {
      opts.log(`request failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad request');
      else res.destroy();
    }
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const origin = req.headers.origin;
    const originOk = !origin || origin === `http://127.0.0.1:${port}`;
    if (url.pathname !== '/bridge' || !originOk || !sameSecret(url.searchParams.get('token') ?? '', token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  const serve = (ws: WebSocket) => {
    // An oversized frame or invalid UTF-8 is reported here; ws then closes this connection (1009, 1007) alone.
    ws.on('error', (err) => opts.log(`connection closed: ${err.message}`));
    const connection = opts.core().connect({
      send: (event, data) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, data }));
      },
      attendant: opts.attendant,
      externalSignIn: signInRedirects.hooks(port, (redirectUrl) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event: 'signin-external', data: { redirectUrl } }));
      }),
    });
    ws.on('message', async (raw) => {
      let id: unknown;
      let name: unknown;
      let payload: unknown;
      try {
        ({ id, name, payload } = JSON.parse(String(raw)) as { id: unknown; name: unknown; payload: unknown });
      } catch {
        return;
      }
      if (typeof id !== 'number') return;
      try {
        const result =
          typeof name === 'string' && isRequestName(name) ? await connection.handle(name, payload) : { ok: false, error: { code: 'invalid-input', reason: 'malformed' } };
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
      } catch (err) {
        opts.log(`request failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        ws.close(1011, 'internal error');
      }
    });
    ws.on('close', () => connection.close('connection-closed'));
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}/#token=${token}`;
  return {
    url,
    port,
    token,
    disconnectAll: () => {
      for (const client of wss.clients) client.close(1012, 'service restart');
    },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Browsers keep idle HTTP connections open; without this, close() waits for them.
      server.closeAllConnections();
      await closed;
    },
  };
}
