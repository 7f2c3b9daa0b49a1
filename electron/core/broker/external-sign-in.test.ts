import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from '../../../test/support/broker-harness';
import { demoStaffGroupId, demoUsers } from '../../../test/support/fake-graph/demo-users';
import { startFakeGraph, type FakeGraph } from '../../../test/support/fake-graph/fake-graph';
import { signInWithForm } from '../../../test/support/fake-graph/sign-in-driver';
import type { RequestName, ViewResult } from '../../../shared/contract';
import type { Step } from '../../../shared/steps';
import type { DeviceStatusSources } from '../attendant/device-status';
import type { AuditLine } from '../audit/audit-log';
import { graphSection } from '../config/sections/graph';
import { createGraphBackend, type GraphBackend } from '../backends/graph/graph-backend';
import { GuichetCore, type Timers } from '../guichet-core';
import { Broker } from './broker';
import { flows } from './flows';
import type { ExternalSignIn } from '../transport';
import { externalSignInTtlMs, externalSignInView } from './external-sign-in';
import type { Session, SessionTransport } from './flow-state';

// The broker's enrollment sign-in on Entra's own page, with the real Graph backend and msal-node against the
// local token service: the fake's page is filled in as a person would, and its redirect handed to the broker.
let fake: FakeGraph;
let backend: GraphBackend;

beforeAll(async () => {
  fake = await startFakeGraph({ users: demoUsers });
  const graph = graphSection.parse({ ...fake.graphSection(), userFilter: demoStaffGroupId });
  backend = createGraphBackend({ graph, secrets: { clientSecret: fake.clientSecret }, defaultCountry: 'MA', clock: { now: () => Date.now() }, sleeper: async () => undefined });
});

afterAll(async () => {
  await backend.close();
  await fake.stop();
});

async function graphHarness() {
  const h = await createHarness();
  const deps = { ...h.deps, backend };
  const broker = new Broker(deps, flows);
  return { h, deps, broker };
}

type Env = Awaited<ReturnType<typeof graphHarness>>;

/** A visitor bound to one connection, like GuichetCore does it. */
function visitor(env: Env, transport?: SessionTransport) {
  let session: Session = env.broker.open(transport);
  let view = env.broker.view(session);
  return {
    get session() {
      return session;
    },
    get view() {
      return view;
    },
    async act(name: string, payload: Record<string, unknown> = {}) {
      const out = await env.broker.handle(session, name, { token: view.token, ...payload });
      session = out.session;
      if (out.result.view) view = out.result.view;
      return out.result;
    },
  };
}

type Visitor = ReturnType<typeof visitor>;

const external = (step: Step) => {
  if (step.name !== 'signin-external') throw new Error(`expected signin-external, got ${step.name}`);
  return step;
};

async function atSignInPage(env: Env, identifier = 'nadia.benali', transport?: SessionTransport): Promise<Visitor> {
  const v = visitor(env, transport);
  await v.act('home.sign-in');
  await v.act('signin.identifier', { identifier });
  expect(v.view.step.name).toBe('signin-external');
  return v;
}

/** What the sign-in page sends the browser back to, once somebody signed in there. */
async function redirectFrom(v: Visitor, login: string, password = 'Bienvenue2025!'): Promise<string> {
  const page = await signInWithForm(external(v.view.step).url, fake.caFile, login, password);
  if (!page.location) throw new Error(`the sign-in page did not redirect (${page.status})`);
  return page.location;
}

const codeRedemptions = () => fake.state.tokenRequests.filter((r) => r.grantType === 'authorization_code').length;

let env: Env;
beforeAll(async () => {
  env = await graphHarness();
});

describe('enrollment sign-in on the directory’s page', () => {
  it('shows the authorize URL (PKCE, state, login hint) and keeps the verifier and nonce in the session', async () => {
    const v = await atSignInPage(env);
    const step = external(v.view.step);
    expect(step).toMatchObject({ identifier: 'nadia.benali', popup: true, waiting: false, expiresAt: env.h.clock.now() + externalSignInTtlMs });
    const url = new URL(step.url);
    expect(url.origin).toBe(fake.authorityHost);
    expect(url.searchParams.get('login_hint')).toBe('nadia.benali@univ-demo.ma');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost/guichet-signin');

    const flow = v.session.flow;
    if (flow.kind !== 'enrollment' || flow.state.step !== 'signin-external') throw new Error('not waiting for the page');
    const serialized = JSON.stringify(v.view);
    expect(serialized).not.toContain(flow.state.signIn.pending.verifier);
    expect(url.searchParams.get('state')).toBe(flow.state.signIn.pending.state);

    await v.act('signin.external-open');
    expect(external(v.view.step).waiting).toBe(true);
  });

  it('asks the window of the Electron shell, not a popup, to show the page, and uses the browser host’s own port', async () => {
    expect(external((await atSignInPage(env, 'nadia.benali', { showsSignInPage: true })).view.step).popup).toBe(false);
    const v = await atSignInPage(env, 'nadia.benali@univ-demo.ma', { showsSignInPage: false, signInRedirectPort: 5174 });
    expect(new URL(external(v.view.step).url).searchParams.get('redirect_uri')).toBe('http://localhost:5174/guichet-signin');
    expect(externalSignInView(env.deps, v.session)).toMatchObject({ redirectUri: 'http://localhost:5174/guichet-signin', authorityOrigin: fake.authorityHost, opened: false });
  });

  it('signs in whoever signed in on the page, audits it, and continues to the security info', async () => {
    const v = await atSignInPage(env, 'nadia.benali');
    await v.act('signin.external-open');
    // The hint is only a hint: the page decides who signs in, and the chip follows it.
    const redirectUrl = await redirectFrom(v, 'youssef.alaoui@univ-demo.ma');
    const r = await v.act('signin.external-complete', { redirectUrl });
    expect(r.ok).toBe(true);
    expect(v.view.step).toMatchObject({ name: 'security-info', methods: [{ kind: 'phone', configured: true, display: '+212 612345678' }, { kind: 'email', configured: false }] });
    expect(v.view.chip).toBe('youssef.alaoui@univ-demo.ma');
    expect(externalSignInView(env.deps, v.session)).toBeNull();
    const lines = auditLines(env);
    expect(lines.filter((l) => l.session === v.session.id && l.event === 'signin.ok')).toEqual([
      expect.objectContaining({ account: '1c4a9b2f-6d3e-4f80-8b21-2e3f4a5b6c7d', outcome: 'ok', detail: { method: 'redirect' } }),
    ]);
  });

  it('refuses a redirect whose state is not this session’s, without redeeming its code', async () => {
    const mine = await atSignInPage(env);
    const other = await atSignInPage(env);
    const othersRedirect = await redirectFrom(other, 'nadia.benali@univ-demo.ma');
    const before = codeRedemptions();

    const r = await mine.act('signin.external-complete', { redirectUrl: othersRedirect });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', reason: 'sign-in-failed' } });
    expect(mine.view.step).toEqual({ name: 'signin-identifier', identifier: 'nadia.benali' });
    expect(codeRedemptions()).toBe(before);
    expect(env.h.logs.some((l) => l.includes('state does not match'))).toBe(true);
    expect(auditLines(env).filter((l) => l.event === 'signin.fail').at(-1)).toMatchObject({ outcome: 'fail', account: null, detail: { method: 'redirect' } });

    // The visitor whose state it is can still use it.
    expect((await other.act('signin.external-complete', { redirectUrl: othersRedirect })).ok).toBe(true);
  });

  it('redeems a code once: the redirect cannot be replayed, in the same session or a new one', async () => {
    const v = await atSignInPage(env);
    const redirectUrl = await redirectFrom(v, 'nadia.benali@univ-demo.ma');
    const before = codeRedemptions();
    const spentToken = v.view.token;
    expect((await v.act('signin.external-complete', { redirectUrl })).ok).toBe(true);
    expect(codeRedemptions()).toBe(before + 1);

    // Same session, the view it came from: the step token is spent.
    const replay = await env.broker.handle(v.session, 'signin.external-complete', { token: spentToken, redirectUrl });
    expect(replay.result).toMatchObject({ ok: false, error: { code: 'out-of-order' } });

    // The same visitor starts again: the old redirect carries the old state.
    await v.act('flow.cancel');
    await v.act('home.sign-in');
    await v.act('signin.identifier', { identifier: 'nadia.benali' });
    expect(await v.act('signin.external-complete', { redirectUrl })).toMatchObject({ ok: false, error: { reason: 'sign-in-failed' } });
    expect(codeRedemptions()).toBe(before + 1);

    // And a second redemption with the right state and verifier is refused by the directory itself.
    const again = await atSignInPage(env);
    const flow = again.session.flow;
    if (flow.kind !== 'enrollment' || flow.state.step !== 'signin-external') throw new Error('not waiting for the page');
    const first = await redirectFrom(again, 'nadia.benali@univ-demo.ma');
    await expect(backend.redirectSignIn.completeSignIn(first, flow.state.signIn.pending)).resolves.toMatchObject({ username: 'nadia.benali@univ-demo.ma' });
    expect(await again.act('signin.external-complete', { redirectUrl: first })).toMatchObject({ ok: false, error: { reason: 'sign-in-failed' } });
    expect(fake.state.tokenRequests.at(-1)).toEqual({ grantType: 'authorization_code', status: 400 });
  });

  it('answers the same for a forged state, somebody the kiosk does not serve, and a sign-in the tenant blocked', async () => {
    const answers = [];
    const forged = await atSignInPage(env);
    const url = new URL(await redirectFrom(forged, 'nadia.benali@univ-demo.ma'));
    url.searchParams.set('state', 'x'.repeat(43));
    answers.push({ result: await forged.act('signin.external-complete', { redirectUrl: url.toString() }), step: forged.view.step });

    const outsider = await atSignInPage(env);
    answers.push({ result: await outsider.act('signin.external-complete', { redirectUrl: await redirectFrom(outsider, 'etudiant.test@univ-demo.ma') }), step: outsider.view.step });

    const blocked = await atSignInPage(env);
    const blockedRedirect = await redirectFrom(blocked, 'leila.amrani@univ-demo.ma');
    expect(blockedRedirect).toContain('error=access_denied');
    answers.push({ result: await blocked.act('signin.external-complete', { redirectUrl: blockedRedirect }), step: blocked.view.step });

    const shapes = answers.map(({ result, step }) => ({ ok: result.ok, error: !result.ok && result.error, step }));
    expect(shapes[0]).toEqual({ ok: false, error: { code: 'invalid-input', reason: 'sign-in-failed' }, step: { name: 'signin-identifier', identifier: 'nadia.benali' } });
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
    // IT's log tells them apart.
    expect(env.h.logs.some((l) => l.includes('AADSTS53003'))).toBe(true);
    expect(env.h.logs.some((l) => l.includes('not served here'))).toBe(true);
  });

  it('goes back to the identifier with a message when the page is closed or times out, and quietly on "back"', async () => {
    const closed = await atSignInPage(env);
    await closed.act('signin.external-open');
    expect(await closed.act('signin.external-cancel', { reason: 'closed' })).toMatchObject({ ok: false, error: { code: 'invalid-input', reason: 'sign-in-cancelled' } });
    expect(closed.view.step).toEqual({ name: 'signin-identifier', identifier: 'nadia.benali' });

    const timedOut = await atSignInPage(env);
    expect(await timedOut.act('signin.external-cancel', { reason: 'timeout' })).toMatchObject({ ok: false, error: { reason: 'sign-in-expired' } });

    const back = await atSignInPage(env);
    expect((await back.act('flow.back')).ok).toBe(true);
    expect(back.view.step).toEqual({ name: 'signin-identifier', identifier: 'nadia.benali' });
  });

  it('refuses a redirect that comes back after the page expired, without redeeming it', async () => {
    const v = await atSignInPage(env);
    const redirectUrl = await redirectFrom(v, 'nadia.benali@univ-demo.ma');
    const before = codeRedemptions();
    env.h.clock.advance(externalSignInTtlMs);
    expect(await v.act('signin.external-complete', { redirectUrl })).toMatchObject({ ok: false, error: { reason: 'sign-in-expired' } });
    expect(v.view.step.name).toBe('signin-identifier');
    expect(codeRedemptions()).toBe(before);
  });

  it('refuses the page’s requests anywhere else in the flow', async () => {
    const v = visitor(env);
    await v.act('home.sign-in');
    expect(await v.act('signin.external-complete', { redirectUrl: 'http://localhost/guichet-signin?code=x&state=y' })).toMatchObject({ ok: false, error: { code: 'out-of-order' } });
    expect(await v.act('signin.external-open')).toMatchObject({ ok: false, error: { code: 'out-of-order' } });
  });
});

function auditLines(e: Env): AuditLine[] {
  return fs
    .readFileSync(path.join(e.h.dir, 'audit.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditLine);
}

describe('what the visitor’s transport is told', () => {
  it('the sign-in as it starts, opens and ends, never its verifier; the idle timer waits for the open page', async () => {
    const updates: Array<ExternalSignIn | null> = [];
    const delays: number[] = [];
    const timers: Timers = {
      setTimeout: (_fn, ms) => delays.push(ms),
      clearTimeout: () => undefined,
    };
    // The attendant's device status is not part of this flow.
    const core = new GuichetCore(env.deps, {} as DeviceStatusSources, { timers });
    const conn = core.connect({ send: () => undefined, externalSignIn: { showsPage: true, update: (s) => updates.push(s) } });
    let token = '';
    const act = async (name: RequestName, payload: Record<string, unknown> = {}) => {
      const result = (await conn.handle(name, { token, ...payload })) as ViewResult;
      if (result.view) token = result.view.token;
      return result;
    };
    await act('view.get');
    await act('home.sign-in');
    const started = await act('signin.identifier', { identifier: 'nadia.benali' });
    expect(started.view?.step).toMatchObject({ name: 'signin-external', popup: false, waiting: false });
    expect(updates).toHaveLength(1);
    const signIn = updates[0]!;
    expect(signIn).toEqual({
      url: external(started.view!.step).url,
      redirectUri: 'http://localhost/guichet-signin',
      authorityOrigin: fake.authorityHost,
      state: new URL(signIn.url).searchParams.get('state'),
      expiresAt: env.h.clock.now() + externalSignInTtlMs,
      opened: false,
    });
    expect(delays.at(-1)).toBe(env.deps.config.kiosk.idleSeconds * 1000);

    await act('signin.external-open');
    expect(updates).toHaveLength(2);
    expect(updates[1]).toEqual({ ...signIn, opened: true });
    expect(delays.at(-1)).toBe(externalSignInTtlMs);

    await act('signin.external-cancel', { reason: 'closed' });
    expect(updates).toEqual([signIn, { ...signIn, opened: true }, null]);

    await act('signin.identifier', { identifier: 'nadia.benali' });
    await act('signin.external-open');
    conn.close('connection-closed');
    expect(updates.at(-1)).toBeNull();
    expect(updates).toHaveLength(6);
  });
});
