import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/core/clock';
import { graphSection } from '../../../electron/core/config/sections/graph';
import { BackendError } from '../../../electron/core/backends/identity-backend';
import { createGraphBackend, type GraphBackend } from '../../../electron/core/backends/graph/graph-backend';
import { demoStaffGroupId, demoUsers } from '../../support/fake-graph/demo-users';
import { startFakeGraph, type FakeGraph } from '../../support/fake-graph/fake-graph';
import { fetchPage, signInWithForm } from '../../support/fake-graph/sign-in-driver';

let fake: FakeGraph;
let backend: GraphBackend;

beforeAll(async () => {
  fake = await startFakeGraph({ users: demoUsers });
  const graph = graphSection.parse({ ...fake.graphSection(), userFilter: demoStaffGroupId });
  backend = createGraphBackend({ graph, secrets: { clientSecret: fake.clientSecret }, defaultCountry: 'MA', clock: systemClock, sleeper: async () => undefined });
});

afterAll(async () => {
  await backend.close();
  await fake.stop();
});

async function rejection(p: Promise<unknown>): Promise<BackendError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof BackendError)) throw new Error(`expected a BackendError, got ${String(e)}`);
  return e;
}

describe('Entra sign-in by authorization code with PKCE, against the local token service', () => {
  it('asks for a PKCE (S256) authorization code for the registered redirect URI, with a fresh login', async () => {
    const request = await backend.redirectSignIn.createSignInRequest({ loginHint: 'nadia.benali@univ-demo.ma' });
    const url = new URL(request.url);
    expect(url.origin).toBe(fake.authorityHost);
    expect(url.pathname).toBe(`/${fake.tenantId}/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: fake.clientId,
      response_type: 'code',
      redirect_uri: 'http://localhost/guichet-signin',
      code_challenge_method: 'S256',
      state: request.state,
      nonce: request.nonce,
      prompt: 'login',
      login_hint: 'nadia.benali@univ-demo.ma',
      response_mode: 'query',
    });
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'profile']));
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.verifier).not.toBe(url.searchParams.get('code_challenge'));
    expect(backend.redirectSignIn.authorityOrigin).toBe(fake.authorityHost);
  });

  it('returns the account once the visitor signed in on the sign-in page', async () => {
    const request = await backend.redirectSignIn.createSignInRequest();
    const page = await signInWithForm(request.url, fake.caFile, 'Nadia.Benali@univ-demo.ma', 'Bienvenue2025!');
    expect(page.status).toBe(302);
    expect(page.location).toMatch(/^http:\/\/localhost\/guichet-signin\?code=/);
    const signedIn = await backend.redirectSignIn.completeSignIn(page.location ?? '', request);
    expect(signedIn).toEqual({
      id: '0b3f8a1e-5c2d-4e7f-9a10-1d2e3f4a5b6c',
      username: 'nadia.benali@univ-demo.ma',
      displayName: 'Nadia Benali',
      mail: 'nadia.benali@univ-demo.ma',
      disabled: false,
      locked: false,
      privileged: false,
    });
    expect(fake.state.tokenRequests).toContainEqual({ grantType: 'authorization_code', status: 200 });
    // The code is single use.
    expect((await rejection(backend.redirectSignIn.completeSignIn(page.location ?? '', request))).kind).toBe('invalid-credentials');
  });

  it('lets a host listening on its own loopback port receive the redirect, and nothing else', async () => {
    const request = await backend.redirectSignIn.createSignInRequest({ redirectUri: 'http://localhost:5174/guichet-signin' });
    const page = await signInWithForm(request.url, fake.caFile, 'youssef.alaoui@univ-demo.ma', 'Bienvenue2025!');
    expect(page.location).toMatch(/^http:\/\/localhost:5174\/guichet-signin\?code=/);
    expect(await backend.redirectSignIn.completeSignIn(page.location ?? '', request)).toMatchObject({ username: 'youssef.alaoui@univ-demo.ma' });
    for (const other of ['https://localhost:5174/guichet-signin', 'http://localhost:5174/elsewhere', 'http://guichet.example/guichet-signin']) {
      expect((await rejection(backend.redirectSignIn.createSignInRequest({ redirectUri: other }))).kind).toBe('permission');
    }
  });

  it('keeps the visitor on the page after a wrong password', async () => {
    const request = await backend.redirectSignIn.createSignInRequest();
    const page = await signInWithForm(request.url, fake.caFile, 'nadia.benali@univ-demo.ma', 'pas-le-bon');
    expect(page.status).toBe(200);
    expect(page.location).toBeUndefined();
    expect(page.html).toContain('id="passwordError"');
  });

  it('refuses a code redeemed with another PKCE verifier, and a redirect whose state is not ours', async () => {
    const request = await backend.redirectSignIn.createSignInRequest();
    const page = await signInWithForm(request.url, fake.caFile, 'nadia.benali@univ-demo.ma', 'Bienvenue2025!');
    const other = await backend.redirectSignIn.createSignInRequest();
    const wrongVerifier = await rejection(backend.redirectSignIn.completeSignIn(page.location ?? '', { ...request, verifier: other.verifier }));
    expect(wrongVerifier).toMatchObject({ kind: 'invalid-credentials' });
    expect(wrongVerifier.message).toContain('AADSTS501481');

    const forged = new URL(page.location ?? '');
    forged.searchParams.set('state', other.state);
    expect((await rejection(backend.redirectSignIn.completeSignIn(forged.toString(), request))).message).toContain('state');
    expect((await rejection(backend.redirectSignIn.completeSignIn('https://evil.example/guichet-signin?code=x&state=' + request.state, request))).kind).toBe(
      'invalid-credentials',
    );
  });

  it('ends with invalid-credentials naming AADSTS53003 when Conditional Access blocks the sign-in', async () => {
    const request = await backend.redirectSignIn.createSignInRequest();
    const page = await signInWithForm(request.url, fake.caFile, 'leila.amrani@univ-demo.ma', 'Bienvenue2025!');
    expect(page.location).toContain('error=access_denied');
    const e = await rejection(backend.redirectSignIn.completeSignIn(page.location ?? '', request));
    expect(e).toMatchObject({ kind: 'invalid-credentials' });
    expect(e.message).toContain('AADSTS53003');
  });

  it('does not serve somebody outside the userFilter group even after a good sign-in', async () => {
    const request = await backend.redirectSignIn.createSignInRequest();
    const page = await signInWithForm(request.url, fake.caFile, 'etudiant.test@univ-demo.ma', 'Bienvenue2025!');
    expect((await rejection(backend.redirectSignIn.completeSignIn(page.location ?? '', request))).kind).toBe('not-found');
  });

  it('shows an error page, and no redirect, for a redirect URI the app did not register', async () => {
    const request = await backend.redirectSignIn.createSignInRequest();
    const url = new URL(request.url);
    url.searchParams.set('redirect_uri', 'https://evil.example/callback');
    const page = await fetchPage(url.toString(), fake.caFile);
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
    expect(page.html).toContain('AADSTS50011');
  });
});
