import { Agent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** `bytes`: the body as received, for the one binary answer (a profile photo). */
export type HttpResponse = { status: number; headers: Record<string, string>; body: string; bytes?: Buffer };

export type HttpRequest = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
};

/** One HTTPS client for the authority and Graph, so both trust the same CAs and share connections. */
export type HttpTransport = {
  send(req: HttpRequest): Promise<HttpResponse>;
  close(): void;
};

/** The request never reached an answer (DNS, TLS, reset, timeout). */
export class TransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportError';
  }
}

export type TransportOptions = {
  /** Extra PEM CA(s) trusted besides the system ones (private clouds, the local test service). */
  ca?: string;
  timeoutMs: number;
};

export function createHttpsTransport(options: TransportOptions): HttpTransport {
  // Setting `ca` replaces Node's defaults, so the public roots are passed along with the extra CA.
  const agent = new Agent({
    keepAlive: true,
    ca: options.ca === undefined ? undefined : [...rootCertificates, options.ca],
  });
  return {
    send(req) {
      const url = new URL(req.url);
      if (url.protocol !== 'https:') return Promise.reject(new TransportError(`refusing a non-HTTPS URL (${url.origin})`));
      return new Promise<HttpResponse>((resolve, reject) => {
        const headers: Record<string, string> = { ...req.headers };
        if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
        const r = httpsRequest(url, { method: req.method, agent, headers, timeout: options.timeoutMs }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => reject(new TransportError(e.message)));
          res.on('end', () => {
            const flat: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) {
              if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
            }
            const bytes = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, headers: flat, body: bytes.toString('utf8'), bytes });
          });
        });
        r.on('timeout', () => r.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
        r.on('error', (e) => reject(new TransportError(`${url.host}: ${e.message}`)));
        if (req.body !== undefined) r.write(req.body);
        r.end();
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** msal-node's network hook, so token requests go through the same transport (and CA) as Graph calls. */
export function msalNetworkModule(transport: HttpTransport): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const res = await transport.send({ method, url, headers: options?.headers, body: method === 'POST' ? (options?.body ?? '') : undefined });
    let body: T;
    try {
      body = JSON.parse(res.body) as T;
    } catch {
      throw new TransportError(`${new URL(url).host} answered ${res.status} with a body that is not JSON`);
    }
    return { status: res.status, headers: res.headers, body };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
