import { randomUUID } from 'node:crypto';
import type { Clock, Sleeper } from '../../clock';
import { BackendError } from '../identity-backend';
import { TransportError, type HttpTransport } from './https-transport';

/** A Graph answer outside 2xx, after retries: `code` is what callers branch on; `message` stays in logs. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly graphMessage: string,
    readonly requestId: string,
    readonly details: ReadonlyArray<{ code?: string; target?: string }>,
    /** Names the operation for IT without the identifiers it carried (`PATCH /users/{id}`). */
    readonly op: string,
  ) {
    super(`${op} → ${status} ${code} (request-id ${requestId})`);
    this.name = 'GraphHttpError';
  }
}

export type GraphCall = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query after the base URL, already encoded. */
  path: string;
  /** Shown in errors instead of `path`, so addresses and ids stay out of logs. */
  op: string;
  body?: unknown;
  headers?: Record<string, string>;
};

export type GraphResult = { status: number; json: unknown; bytes?: Buffer };

/** Gets an app-only access token; given the token Graph just refused, returns a newer one. */
export type TokenSource = (refused?: string) => Promise<string>;

export type GraphClientOptions = {
  baseUrl: string;
  transport: HttpTransport;
  token: TokenSource;
  clock: Clock;
  sleeper: Sleeper;
  /** Tries per call, the first included. */
  maxAttempts?: number;
  /** A Retry-After longer than this is not waited for: a visitor is standing at the kiosk. */
  maxWaitMs?: number;
};

export type GraphClient = { call(req: GraphCall): Promise<GraphResult> };

const retryable = new Set([429, 502, 503, 504]);

/**
 * Sends Graph requests with the app token: waits out 429/503 as Graph asks (Retry-After, else exponential),
 * a bounded number of times, and refreshes the token once on 401.
 * https://learn.microsoft.com/en-us/graph/throttling · https://learn.microsoft.com/en-us/graph/errors
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const maxAttempts = options.maxAttempts ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 10_000;

  return {
    async call(req) {
      let refused: string | undefined;
      let attempt = 0;
      for (;;) {
        attempt += 1;
        const token = await options.token(refused);
        const headers: Record<string, string> = {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'client-request-id': randomUUID(),
          ...req.headers,
        };
        let body: string | undefined;
        if (req.body !== undefined) {
          body = JSON.stringify(req.body);
          headers['content-type'] = 'application/json';
        }
        let res;
        try {
          res = await options.transport.send({ method: req.method, url: `${base}${req.path}`, headers, body });
        } catch (e) {
          if (e instanceof TransportError) throw new BackendError('unavailable', `${req.op}: ${e.message}`);
          throw e;
        }
        if (res.status >= 200 && res.status < 300) {
          return { status: res.status, json: res.body.length > 0 ? safeJson(res.body) : undefined, ...(res.bytes ? { bytes: res.bytes } : {}) };
        }
        const error = parseError(res.status, res.body, res.headers, req.op);
        if (res.status === 401 && refused === undefined) {
          refused = token;
          continue;
        }
        if (res.status === 401) {
          throw new BackendError('permission', `${error.message}: Graph refused a freshly issued token`);
        }
        if (retryable.has(res.status)) {
          const wait = retryDelay(res.headers['retry-after'], attempt, options.clock);
          if (attempt >= maxAttempts || wait > maxWaitMs) {
            throw new BackendError('unavailable', `${error.message} after ${attempt} tries${wait > maxWaitMs ? ` (Retry-After ${Math.round(wait / 1000)} s)` : ''}`);
          }
          await options.sleeper(wait);
          continue;
        }
        throw error;
      }
    },
  };
}

/** Retry-After is seconds or an HTTP date; without it, 1 s then 2 s then 4 s. */
export function retryDelay(header: string | undefined, attempt: number, clock: Clock): number {
  if (header !== undefined) {
    const trimmed = header.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
    const at = Date.parse(trimmed);
    if (!Number.isNaN(at)) return Math.max(0, at - clock.now());
  }
  return 1000 * 2 ** (attempt - 1);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseError(status: number, body: string, headers: Record<string, string>, op: string): GraphHttpError {
  const json = safeJson(body) as
    | { error?: { code?: unknown; message?: unknown; details?: unknown; innerError?: { 'request-id'?: unknown } } }
    | undefined;
  const e = json?.error;
  const code = typeof e?.code === 'string' ? e.code : `http${status}`;
  const message = typeof e?.message === 'string' ? e.message : '';
  const requestId = typeof e?.innerError?.['request-id'] === 'string' ? e.innerError['request-id'] : (headers['request-id'] ?? '');
  const details = Array.isArray(e?.details)
    ? e.details.filter((d): d is { code?: string; target?: string } => typeof d === 'object' && d !== null)
    : [];
  return new GraphHttpError(status, code, message, requestId, details, op);
}
