import http from 'node:http';
import https from 'node:https';

/**
 * One HTTP exchange with a provider, bounded in time. Node's own http(s) rather than fetch: a private CA must be
 * trusted per request, and Node's bundled fetch only takes one through the undici package's dispatcher.
 */
export type HttpExchange = {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** PEM CA certificates that replace the system store for this endpoint. */
  ca?: string;
  timeoutMs: number;
};

export type HttpAnswer = { status: number; body: string };

/** Why no answer came back; `code` is safe to log (a timeout or a socket error code, never request content). */
export class HttpTransportError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'HttpTransportError';
  }
}

// Provider answers are small; a larger one is cut rather than held in memory.
const maxAnswerBytes = 64 * 1024;

export function httpRequest(exchange: HttpExchange): Promise<HttpAnswer> {
  const { url } = exchange;
  const client = url.protocol === 'https:' ? https : http;
  const body = exchange.body === undefined ? undefined : Buffer.from(exchange.body, 'utf8');
  return new Promise<HttpAnswer>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: exchange.method,
        headers: { ...exchange.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
        ...(url.protocol === 'https:' && exchange.ca ? { ca: exchange.ca } : {}),
        // No connection reuse: a kiosk sends a few messages an hour, and a stale pooled socket would cost a send.
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < maxAnswerBytes) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, maxAnswerBytes).toString('utf8') });
        });
        response.on('error', (err) => fail(err));
      },
    );
    const fail = (err: Error & { code?: string }) => {
      clearTimeout(timer);
      request.destroy();
      reject(err instanceof HttpTransportError ? err : new HttpTransportError(err.code ?? err.name));
    };
    const timer = setTimeout(() => fail(new HttpTransportError('timeout')), exchange.timeoutMs);
    request.on('error', fail);
    request.end(body);
  });
}
