import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../../../test/support/renderer/fake-bridge';
import { sampleView } from '../../../test/support/renderer/sample-views';
import { createGuichet } from './store';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const started = async (now = () => 1_000) => {
  const fake = createFakeBridge();
  const guichet = createGuichet({ bridge: fake.bridge, now });
  const start = guichet.start();
  expect(fake.calls[0]).toMatchObject({ name: 'view.get', payload: {} });
  fake.calls[0]!.resolve({ ok: true, view: sampleView('home') });
  await start;
  return { fake, guichet, state: () => guichet.store.getState() };
};

describe('createGuichet', () => {
  it('asks for the view on start and keeps the clock offset of that view', async () => {
    const { state } = await started(() => 500);
    expect(state().view?.step.name).toBe('home');
    expect(state().offset).toBe(sampleView('home').now - 500);
    expect(state().pending).toBe(false);
  });

  it('echoes the view token on flow requests and replaces the view with the answer', async () => {
    const { fake, guichet, state } = await started();
    const request = guichet.flow('home.sign-in', {});
    expect(state().pending).toBe(true);
    expect(fake.calls[1]).toMatchObject({ name: 'home.sign-in', payload: { token: 'token-home' } });
    fake.calls[1]!.resolve({ ok: true, view: sampleView('signin-identifier') });
    await request;
    expect(state().view?.step.name).toBe('signin-identifier');
    expect(state().pending).toBe(false);
  });

  it('keeps the error of a refused request, with its view when it has one, and clears it on success', async () => {
    const { fake, guichet, state } = await started();
    const refused = guichet.flow('home.sign-in', {});
    fake.calls[1]!.resolve({ ok: false, error: { code: 'throttled', retryAt: 5 } });
    await refused;
    expect(state().error).toEqual({ code: 'throttled', retryAt: 5 });
    expect(state().view?.step.name).toBe('home');

    const withView = guichet.flow('home.sign-in', {});
    fake.calls[2]!.resolve({ ok: false, error: { code: 'session-expired' }, view: sampleView('unavailable') });
    await withView;
    expect(state().error).toEqual({ code: 'session-expired' });
    expect(state().view?.step.name).toBe('unavailable');

    const ok = guichet.flow('flow.cancel', {});
    fake.calls[3]!.resolve({ ok: true, view: sampleView('home') });
    await ok;
    expect(state().error).toBeUndefined();
  });

  it('drops a message about refused input once the visitor edits it, but keeps a throttle message', async () => {
    const { fake, guichet, state } = await started();
    const refused = guichet.flow('home.sign-in', {});
    fake.calls[1]!.resolve({ ok: false, error: { code: 'invalid-input', reason: 'code-wrong' } });
    await refused;
    guichet.editing();
    expect(state().error).toBeUndefined();

    const throttled = guichet.flow('home.sign-in', {});
    fake.calls[2]!.resolve({ ok: false, error: { code: 'throttled', retryAt: 5 } });
    await throttled;
    guichet.editing();
    expect(state().error).toEqual({ code: 'throttled', retryAt: 5 });
  });

  it('sends nothing while a request is in flight, so a token is never spent twice', async () => {
    const { fake, guichet } = await started();
    void guichet.flow('home.sign-in', {});
    await expect(guichet.flow('home.recover', {})).resolves.toBeUndefined();
    expect(fake.calls.map((call) => call.name)).toEqual(['view.get', 'home.sign-in']);
  });

  it('lets the latest request win when answers arrive out of order', async () => {
    const { fake, guichet, state } = await started();
    const step = guichet.flow('home.sign-in', {});
    // The session is wiped while the request is in flight: the fresh view must not be replaced by the late answer.
    fake.emit('session-reset', {});
    fake.calls[2]!.resolve({ ok: true, view: sampleView('home', 'fr', { token: 'fresh' }) });
    await settle();
    fake.calls[1]!.resolve({ ok: true, view: sampleView('signin-identifier') });
    await step;
    expect(state().view?.token).toBe('fresh');
    expect(state().pending).toBe(false);
  });

  it('does not start a step while the language is switching', async () => {
    const { fake, guichet } = await started();
    void guichet.setLocale('en');
    await expect(guichet.flow('home.sign-in', {})).resolves.toBeUndefined();
    expect(fake.calls.map((call) => call.name)).toEqual(['view.get', 'locale.set']);
  });

  it('asks the main side to switch language and does not ask again for the current one', async () => {
    const { fake, guichet, state } = await started();
    await Promise.all([guichet.setLocale('fr'), settle()]);
    expect(fake.calls).toHaveLength(1);
    const switching = guichet.setLocale('ar');
    expect(fake.calls[1]).toMatchObject({ name: 'locale.set', payload: { locale: 'ar' } });
    fake.calls[1]!.resolve({ ok: true, view: sampleView('home', 'ar') });
    await switching;
    expect(state().view?.locale).toBe('ar');
  });

  it('pings on activity at most once every 5 seconds, and at once for "Continuer"', async () => {
    let now = 10_000;
    const { fake, guichet, state } = await started(() => now);
    const pings = () => fake.calls.filter((call) => call.name === 'activity.ping').length;
    guichet.activity();
    guichet.activity();
    expect(pings()).toBe(1);
    now += 4_999;
    guichet.activity();
    expect(pings()).toBe(1);
    now += 1;
    guichet.activity();
    expect(pings()).toBe(2);

    fake.emit('idle-warning', { secondsLeft: 20 });
    expect(state().idleDeadline).toBe(now + 20_000);
    guichet.stillHere();
    expect(pings()).toBe(3);
    expect(state().idleDeadline).toBeUndefined();
    guichet.activity();
    expect(pings()).toBe(3);
  });

  it('"Recommencer" cancels the flow with the token', async () => {
    const { fake, guichet, state } = await started();
    fake.emit('idle-warning', { secondsLeft: 20 });
    guichet.restart();
    expect(state().idleDeadline).toBeUndefined();
    expect(fake.calls[1]).toMatchObject({ name: 'flow.cancel', payload: { token: 'token-home' } });
  });

  it('on session reset, drops local state and asks for the view again', async () => {
    const { fake, state } = await started();
    fake.emit('idle-warning', { secondsLeft: 20 });
    const epoch = state().epoch;
    fake.emit('session-reset', {});
    expect(state().epoch).toBe(epoch + 1);
    expect(state().idleDeadline).toBeUndefined();
    expect(fake.calls[1]).toMatchObject({ name: 'view.get' });
    fake.calls[1]!.resolve({ ok: true, view: sampleView('home', 'fr', { token: 'fresh' }) });
    await settle();
    expect(state().view?.token).toBe('fresh');
  });

  it('marks the connection lost and stops sending', async () => {
    const { fake, guichet, state } = await started();
    fake.lose();
    expect(state().connection).toBe('lost');
    await expect(guichet.flow('home.sign-in', {})).resolves.toBeUndefined();
    guichet.activity();
    expect(fake.calls).toHaveLength(1);
  });

  it('turns a transport that throws into an "unavailable" error', async () => {
    const { fake, guichet, state } = await started();
    const request = guichet.flow('home.sign-in', {});
    fake.calls[1]!.reject(new Error('ipc broke'));
    await expect(request).resolves.toEqual({ ok: false, error: { code: 'unavailable' } });
    expect(state().error).toEqual({ code: 'unavailable' });
    expect(state().pending).toBe(false);
  });

  it('gives the captcha audio answer back to the screen', async () => {
    const { fake, guichet, state } = await started();
    const audio = guichet.flow('recovery.captcha-audio', {});
    fake.calls[1]!.resolve({ ok: true, audio: 'data:audio/wav;base64,UklG', view: sampleView('recovery-identify') });
    await expect(audio).resolves.toMatchObject({ ok: true, audio: 'data:audio/wav;base64,UklG' });
    expect(state().view?.step.name).toBe('recovery-identify');
  });
});

describe('beforeView', () => {
  it('shows a view only once what it needs is ready', async () => {
    const fake = createFakeBridge();
    let release: () => void = () => {};
    const ready = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    const guichet = createGuichet({
      bridge: fake.bridge,
      now: () => 1_000,
      beforeView: async (view) => {
        seen.push(view.locale);
        await ready;
      },
    });
    const start = guichet.start();
    fake.calls[0]!.resolve({ ok: true, view: { ...sampleView('home'), locale: 'ar' } });
    await settle();
    expect(seen).toEqual(['ar']);
    expect(guichet.store.getState().view).toBeUndefined();
    release();
    await start;
    expect(guichet.store.getState().view?.locale).toBe('ar');
  });
});
