import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpsTransport, type HttpTransport } from '../../../electron/core/backends/graph/https-transport';
import { startFakeGraph, type FakeGraph } from '../../support/fake-graph/fake-graph';
import { signInWithForm } from '../../support/fake-graph/sign-in-driver';

/** The local service's own rules, checked with raw HTTP so they hold whatever client calls them. */
let fake: FakeGraph;
let http: HttpTransport;
let token: string;

beforeAll(async () => {
  fake = await startFakeGraph({
    users: [
      { id: 'aaaaaaaa-0000-4000-8000-000000000001', userPrincipalName: 'rules@univ-demo.ma', displayName: 'Rules', password: 'Bienvenue2025!' },
      { id: 'aaaaaaaa-0000-4000-8000-000000000002', userPrincipalName: 'other@univ-demo.ma', displayName: 'Other', password: 'Bienvenue2025!' },
    ],
  });
  http = createHttpsTransport({ ca: readFileSync(fake.caFile, 'utf8'), timeoutMs: 5000 });
  const res = await http.send({
    method: 'POST',
    url: `${fake.authorityHost}/${fake.tenantId}/oauth2/v2.0/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: fake.clientId, client_secret: fake.clientSecret, scope: 'https://graph.microsoft.com/.default' }).toString(),
  });
  token = (JSON.parse(res.body) as { access_token: string }).access_token;
});

afterAll(async () => {
  http.close();
  await fake.stop();
});

async function graph(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, auth = token) {
  const res = await http.send({
    method,
    url: `${fake.graphBaseUrl}${path}`,
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: res.body ? (JSON.parse(res.body) as { error?: { code: string; innerError?: Record<string, string> } } & Record<string, unknown>) : undefined };
}

const phones = '/users/aaaaaaaa-0000-4000-8000-000000000001/authentication/phoneMethods';
const emails = '/users/aaaaaaaa-0000-4000-8000-000000000001/authentication/emailMethods';

describe('local Graph: phone method rules', () => {
  it('requires +{country code} {number}, a mobile before an alternateMobile, and one phone per type', async () => {
    expect((await graph('POST', phones, { phoneType: 'mobile', phoneNumber: '+212701071074' })).status).toBe(400);
    expect((await graph('POST', phones, { phoneType: 'mobile', phoneNumber: '0701071074' })).status).toBe(400);
    expect((await graph('POST', phones, { phoneType: 'alternateMobile', phoneNumber: '+212 701071074' })).status).toBe(400);
    const created = await graph('POST', phones, { phoneType: 'mobile', phoneNumber: '+212 701071074' });
    expect(created).toMatchObject({ status: 201, json: { id: '3179e48a-750b-4051-897c-87b9720928f7', phoneType: 'mobile', phoneNumber: '+212 701071074' } });
    expect((await graph('POST', phones, { phoneType: 'mobile', phoneNumber: '+212 701071075' })).status).toBe(400);
    expect((await graph('POST', phones, { phoneType: 'alternateMobile', phoneNumber: '+212 701071076', smsSignInState: 'ready' })).status).toBe(400);
    expect((await graph('POST', phones, { phoneType: 'alternateMobile', phoneNumber: '+212 701071076' })).status).toBe(201);
  });

  it('refuses a type change by PATCH and deleting the mobile while an alternate exists', async () => {
    const mobile = `${phones}/3179e48a-750b-4051-897c-87b9720928f7`;
    expect((await graph('PATCH', mobile, { phoneType: 'office', phoneNumber: '+212 522000000' })).status).toBe(400);
    expect((await graph('PATCH', mobile, { phoneType: 'mobile', phoneNumber: '+212 611111111' })).status).toBe(204);
    expect((await graph('DELETE', mobile)).status).toBe(400);
    expect((await graph('DELETE', `${phones}/b6332ec1-7057-4abe-9331-3d72feddfe41`)).status).toBe(204);
    expect((await graph('DELETE', mobile)).status).toBe(204);
    expect((await graph('DELETE', mobile)).status).toBe(404);
    expect((await graph('GET', phones)).json?.value).toEqual([]);
  });
});

describe('local Graph: email method and errors', () => {
  it('keeps one email method, always with the same id', async () => {
    expect((await graph('POST', emails, { emailAddress: 'pas une adresse' })).status).toBe(400);
    expect(await graph('POST', emails, { emailAddress: 'moi@example.org' })).toMatchObject({ status: 201, json: { id: '3ddfcfc8-9383-446f-83cc-3ab9be4be18f' } });
    expect((await graph('POST', emails, { emailAddress: 'autre@example.org' })).status).toBe(400);
    expect((await graph('PATCH', `${emails}/3ddfcfc8-9383-446f-83cc-3ab9be4be18f`, { emailAddress: 'autre@example.org' })).status).toBe(204);
    expect((await graph('GET', emails)).json?.value).toEqual([{ id: '3ddfcfc8-9383-446f-83cc-3ab9be4be18f', emailAddress: 'autre@example.org' }]);
  });

  it("answers with Graph's error shape, 401 without a valid token and 404 for an unknown user", async () => {
    const missing = await graph('GET', '/users/nobody@univ-demo.ma');
    expect(missing.status).toBe(404);
    expect(missing.json?.error).toMatchObject({ code: 'Request_ResourceNotFound', innerError: { 'request-id': expect.any(String), date: expect.any(String) } });
    expect((await graph('GET', '/users/rules@univ-demo.ma', undefined, 'not-a-token')).json?.error?.code).toBe('InvalidAuthenticationToken');
  });

  it('returns only the default properties without $select, and refuses unknown ones', async () => {
    const user = (await graph('GET', '/users/rules@univ-demo.ma')).json ?? {};
    expect(Object.keys(user)).toContain('userPrincipalName');
    expect(Object.keys(user)).not.toContain('accountEnabled');
    expect((await graph('GET', '/users/rules@univ-demo.ma?$select=id,accountEnabled')).json).toMatchObject({ id: 'aaaaaaaa-0000-4000-8000-000000000001', accountEnabled: true });
    expect((await graph('GET', '/users/rules@univ-demo.ma?$select=id,secretThing')).status).toBe(400);
  });

  it('requires ConsistencyLevel: eventual and $count=true for a filtered, cast membership query', async () => {
    const path = `/users/rules@univ-demo.ma/transitiveMemberOf/microsoft.graph.group?$filter=${encodeURIComponent("id eq 'x'")}`;
    expect((await graph('GET', path)).json?.error?.code).toBe('Request_UnsupportedQuery');
  });
});

describe('local token service', () => {
  it('refuses a wrong secret and a scope without /.default with the AADSTS codes Entra uses', async () => {
    const post = async (params: Record<string, string>) => {
      const res = await http.send({
        method: 'POST',
        url: `${fake.authorityHost}/${fake.tenantId}/oauth2/v2.0/token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: fake.clientId, ...params }).toString(),
      });
      return { status: res.status, json: JSON.parse(res.body) as { error: string; error_codes: number[] } };
    };
    expect(await post({ client_secret: 'wrong', scope: 'https://graph.microsoft.com/.default' })).toMatchObject({ status: 401, json: { error: 'invalid_client', error_codes: [7000215] } });
    expect(await post({ client_secret: fake.clientSecret, scope: 'User.Read.All' })).toMatchObject({ status: 400, json: { error: 'invalid_scope', error_codes: [1002012] } });
  });

  it('publishes OpenID metadata whose issuer and endpoints are on its own origin, and its signing keys', async () => {
    const meta = JSON.parse((await http.send({ method: 'GET', url: `${fake.authorityHost}/${fake.tenantId}/v2.0/.well-known/openid-configuration` })).body) as Record<string, string>;
    expect(meta).toMatchObject({
      issuer: `${fake.authorityHost}/${fake.tenantId}/v2.0`,
      token_endpoint: `${fake.authorityHost}/${fake.tenantId}/oauth2/v2.0/token`,
      authorization_endpoint: `${fake.authorityHost}/${fake.tenantId}/oauth2/v2.0/authorize`,
    });
    const keys = JSON.parse((await http.send({ method: 'GET', url: meta.jwks_uri ?? '' })).body) as { keys: Array<{ kty: string; kid: string }> };
    expect(keys.keys).toEqual([expect.objectContaining({ kty: 'RSA', kid: expect.any(String) })]);
  });

  it('redeems an authorization code once, with the PKCE verifier of its request (S256 or plain)', async () => {
    const authorize = (challenge: string, method?: string) => {
      const url = new URL(`${fake.authorityHost}/${fake.tenantId}/oauth2/v2.0/authorize`);
      const params: Record<string, string> = { client_id: fake.clientId, response_type: 'code', redirect_uri: fake.redirectUri, scope: 'openid profile', state: 'st', code_challenge: challenge };
      if (method) params.code_challenge_method = method;
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      return url.toString();
    };
    const codeFrom = async (url: string) => {
      const page = await signInWithForm(url, fake.caFile, 'rules@univ-demo.ma', 'Bienvenue2025!');
      return new URL(page.location ?? '').searchParams.get('code') ?? '';
    };
    const redeem = async (code: string, verifier: string) => {
      const res = await http.send({
        method: 'POST',
        url: `${fake.authorityHost}/${fake.tenantId}/oauth2/v2.0/token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: fake.clientId, code, redirect_uri: fake.redirectUri, code_verifier: verifier }).toString(),
      });
      return { status: res.status, json: JSON.parse(res.body) as { error?: string; error_codes?: number[]; id_token?: string } };
    };
    const verifier = 'v'.repeat(43);
    const s256 = createHash('sha256').update(verifier).digest('base64url');

    const wrong = await codeFrom(authorize(s256, 'S256'));
    expect(await redeem(wrong, 'w'.repeat(43))).toMatchObject({ status: 400, json: { error: 'invalid_grant', error_codes: [501481] } });

    const right = await codeFrom(authorize(s256, 'S256'));
    expect((await redeem(right, verifier)).json.id_token).toEqual(expect.any(String));
    expect(await redeem(right, verifier)).toMatchObject({ status: 400, json: { error: 'invalid_grant', error_codes: [54005] } });

    // Without a method the challenge is the verifier itself.
    expect(await redeem(await codeFrom(authorize(verifier)), s256)).toMatchObject({ status: 400, json: { error_codes: [501481] } });
    expect((await redeem(await codeFrom(authorize(verifier)), verifier)).status).toBe(200);
  });
});
