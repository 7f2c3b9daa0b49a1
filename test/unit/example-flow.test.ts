import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Broker } from '../../electron/core/broker/broker';
import type { CoreFlow } from '../../electron/core/broker/flow';
import type { Session } from '../../electron/core/broker/flow-state';
import type { View } from '../../shared/steps';
import { createHarness, type Harness } from '../support/broker-harness';
import { exampleFlows, type ExampleFlow } from '../support/example-flow';

/** The template flow, driven through the real broker: routing, tokens, refusals, expiry and the wipe at the end. */
describe('example flow through the broker', () => {
  let h: Harness;
  let broker: Broker<ExampleFlow>;
  let session: Session<ExampleFlow | CoreFlow>;
  let view: View;

  const act = async (name: string, payload: Record<string, unknown> = {}) => {
    const out = await broker.handle(session, name, { token: view.token, ...payload });
    session = out.session;
    if (out.result.view) view = out.result.view;
    return out;
  };

  beforeEach(async () => {
    h = await createHarness();
    broker = new Broker(h.deps, exampleFlows);
    session = broker.open();
    view = broker.view(session);
  });
  afterEach(() => h.audit.close());

  it('walks both steps to the final screen and wipes the session', async () => {
    const first = session.id;
    expect(view.step).toEqual({ name: 'home' });
    expect((await act('home.sign-in')).result.ok).toBe(true);
    expect(view.step).toEqual({ name: 'signin-identifier', identifier: '' });
    await act('signin.identifier', { identifier: '  jdupont ' });
    expect(view.step).toEqual({ name: 'signin-password', identifier: 'jdupont' });
    const done = await act('signin.password', { password: 'x' });
    expect(done.result.ok).toBe(true);
    expect(done.wiped).toBe(true);
    expect(view.step).toEqual({ name: 'recovery-done' });
    expect(session.id).not.toBe(first);
    expect(session.flow).toEqual({ kind: 'final', step: 'recovery-done' });
  });

  it('refuses bad input as a value and stays on the step', async () => {
    await act('home.sign-in');
    const before = view.token;
    const out = await act('signin.identifier', { identifier: '   ' });
    expect(out.result).toMatchObject({ ok: false, error: { code: 'invalid-input', reason: 'empty' } });
    expect(view.step.name).toBe('signin-identifier');
    expect(view.token).toBe(before);
  });

  it('refuses a request the step does not take, a stale token and a malformed payload', async () => {
    await act('home.sign-in');
    expect((await act('signin.password', { password: 'x' })).result).toMatchObject({ ok: false, error: { code: 'out-of-order' } });
    const stale = view.token;
    await act('signin.identifier', { identifier: 'jdupont' });
    const replay = await broker.handle(session, 'flow.back', { token: stale });
    expect(replay.result).toMatchObject({ ok: false, error: { code: 'out-of-order' } });
    expect((await act('signin.identifier', { identifier: 42 })).result).toMatchObject({ ok: false, error: { code: 'invalid-input', reason: 'malformed' } });
    expect(view.step).toEqual({ name: 'signin-password', identifier: 'jdupont' });
    await act('flow.back');
    expect(view.step).toEqual({ name: 'signin-identifier', identifier: '' });
  });

  it('expires from its startedAt like every flow', async () => {
    await act('home.sign-in');
    h.clock.advance(h.config.security.sessionMinutes * 60_000 + 1);
    const out = await act('signin.identifier', { identifier: 'jdupont' });
    expect(out.result).toMatchObject({ ok: false, error: { code: 'session-expired' } });
    expect(view.step).toEqual({ name: 'home' });
  });
});
