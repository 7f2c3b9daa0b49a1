import { describe, expect, it } from 'vitest';
import { createHttpsTransport, msalNetworkModule, TransportError, type HttpTransport } from './https-transport';

describe('createHttpsTransport', () => {
  it('refuses plain HTTP before opening any connection', async () => {
    const transport = createHttpsTransport({ timeoutMs: 1000 });
    await expect(transport.send({ method: 'GET', url: 'http://graph.example/v1.0/users' })).rejects.toBeInstanceOf(TransportError);
    transport.close();
  });

  it('reports an unreachable host as a TransportError', async () => {
    const transport = createHttpsTransport({ timeoutMs: 1000 });
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    await expect(transport.send({ method: 'GET', url: 'https://127.0.0.1:9/' })).rejects.toMatchObject({ name: 'TransportError', message: expect.stringContaining('127.0.0.1:9') });
    transport.close();
  });
});

describe('msalNetworkModule', () => {
  const answering = (status: number, body: string): HttpTransport & { sent: unknown[] } => {
    const sent: unknown[] = [];
    return {
      sent,
      send: async (req) => {
        sent.push(req);
        return { status, headers: { 'content-type': 'application/json' }, body };
      },
      close() {},
    };
  };

  it('posts the form msal builds and hands back status, headers and parsed JSON', async () => {
    const transport = answering(400, '{"error":"invalid_client"}');
    const res = await msalNetworkModule(transport).sendPostRequestAsync('https://login.example/t/oauth2/v2.0/token', { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res).toEqual({ status: 400, headers: { 'content-type': 'application/json' }, body: { error: 'invalid_client' } });
    expect(transport.sent).toEqual([{ method: 'POST', url: 'https://login.example/t/oauth2/v2.0/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }]);
  });

  it('fails on an answer that is not JSON (a proxy page, a captive portal)', async () => {
    await expect(msalNetworkModule(answering(200, '<html>')).sendGetRequestAsync('https://login.example/x')).rejects.toBeInstanceOf(TransportError);
  });
});
