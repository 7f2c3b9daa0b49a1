import { describe, expect, it } from 'vitest';
import { BackendError } from '../identity-backend';
import { createGraphClient, GraphHttpError, retryDelay, type TokenSource } from './graph-client';
import { TransportError, type HttpRequest, type HttpResponse, type HttpTransport } from './https-transport';

const clock = { now: () => Date.parse('2025-03-01T10:00:00Z') };

function scripted(answers: Array<HttpResponse | Error>) {
  const sent: HttpRequest[] = [];
  const transport: HttpTransport = {
    async send(req) {
      sent.push(req);
      const next = answers.shift();
      if (!next) throw new Error('no scripted answer left');
      if (next instanceof Error) throw next;
      return next;
    },
    close() {},
  };
  return { transport, sent };
}

const graphError = (status: number, code: string, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: JSON.stringify({ error: { code, message: `message of ${code}`, innerError: { 'request-id': 'req-1', date: '2025-03-01T10:00:00' } } }),
});

function client(answers: Array<HttpResponse | Error>, tokens: string[] = ['t1', 't2']) {
  const { transport, sent } = scripted(answers);
  const waits: number[] = [];
  const tokenCalls: Array<string | undefined> = [];
  const token: TokenSource = async (refused) => {
    tokenCalls.push(refused);
    return refused === undefined ? tokens[0]! : tokens[1]!;
  };
  const c = createGraphClient({ baseUrl: 'https://graph.example/v1.0/', transport, token, clock, sleeper: async (ms) => void waits.push(ms) });
  return { c, sent, waits, tokenCalls };
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
}

describe('createGraphClient', () => {
  it('sends JSON with the bearer token and a client-request-id, and parses the answer', async () => {
    const { c, sent } = client([{ status: 201, headers: {}, body: '{"id":"x"}' }]);
    const r = await c.call({ method: 'POST', path: '/users/1/authentication/emailMethods', op: 'POST /emailMethods', body: { emailAddress: 'a@b.c' } });
    expect(r).toEqual({ status: 201, json: { id: 'x' } });
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: 'https://graph.example/v1.0/users/1/authentication/emailMethods',
      body: '{"emailAddress":"a@b.c"}',
      headers: { authorization: 'Bearer t1', 'content-type': 'application/json', accept: 'application/json' },
    });
    expect(sent[0]?.headers?.['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('retries once with a newer token after a 401, handing back the refused one', async () => {
    const { c, sent, tokenCalls } = client([graphError(401, 'InvalidAuthenticationToken'), { status: 204, headers: {}, body: '' }]);
    expect(await c.call({ method: 'DELETE', path: '/x', op: 'DELETE /x' })).toEqual({ status: 204, json: undefined });
    expect(tokenCalls).toEqual([undefined, 't1']);
    expect(sent.map((s) => s.headers?.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('gives up as a permission problem when a fresh token is refused too', async () => {
    const { c } = client([graphError(401, 'InvalidAuthenticationToken'), graphError(401, 'InvalidAuthenticationToken')]);
    const e = await failure(c.call({ method: 'GET', path: '/x', op: 'GET /x' }));
    expect(e).toBeInstanceOf(BackendError);
    expect(e).toMatchObject({ kind: 'permission' });
  });

  it('waits Retry-After on 429 and 503, bounded to three tries', async () => {
    const { c, waits, sent } = client([graphError(429, 'TooManyRequests', { 'retry-after': '2' }), graphError(503, 'serviceNotAvailable', { 'retry-after': '1' }), graphError(429, 'TooManyRequests', { 'retry-after': '2' })]);
    const e = await failure(c.call({ method: 'GET', path: '/x', op: 'GET /x' }));
    expect(e).toMatchObject({ kind: 'unavailable' });
    expect((e as Error).message).toContain('after 3 tries');
    expect(waits).toEqual([2000, 1000]);
    expect(sent).toHaveLength(3);
  });

  it('turns transport failures into unavailable without retrying', async () => {
    const { c, sent } = client([new TransportError('graph.example: ECONNREFUSED')]);
    expect(await failure(c.call({ method: 'PATCH', path: '/users/1', op: 'PATCH /users/{id}', body: {} }))).toMatchObject({
      kind: 'unavailable',
      message: 'PATCH /users/{id}: graph.example: ECONNREFUSED',
    });
    expect(sent).toHaveLength(1);
  });

  it('hands other errors back with their Graph code and request id, and the operation instead of the path', async () => {
    const { c } = client([graphError(404, 'Request_ResourceNotFound')]);
    const e = await failure(c.call({ method: 'GET', path: '/users/someone%40univ.ma', op: 'GET /users/{upn}' }));
    expect(e).toBeInstanceOf(GraphHttpError);
    expect(e).toMatchObject({ status: 404, code: 'Request_ResourceNotFound', requestId: 'req-1', graphMessage: 'message of Request_ResourceNotFound' });
    expect((e as Error).message).toBe('GET /users/{upn} → 404 Request_ResourceNotFound (request-id req-1)');
  });
});

describe('retryDelay', () => {
  it('reads Retry-After as seconds or as an HTTP date, else backs off 1, 2, 4 s', () => {
    expect(retryDelay('7', 1, clock)).toBe(7000);
    expect(retryDelay('Sat, 01 Mar 2025 10:00:05 GMT', 1, clock)).toBe(5000);
    expect(retryDelay('Sat, 01 Mar 2025 09:00:00 GMT', 1, clock)).toBe(0);
    expect([1, 2, 3].map((a) => retryDelay(undefined, a, clock))).toEqual([1000, 2000, 4000]);
    expect(retryDelay('soon', 2, clock)).toBe(2000);
  });
});
