import { describe, expect, it, vi } from 'vitest';
import type { AttendantStatus } from '../../../shared/attendant';
import { createGuichet } from '../state/store';
import { createFakeBridge } from '../../../test/support/renderer/fake-bridge';
import { sampleView } from '../../../test/support/renderer/sample-views';

const status: AttendantStatus = {
  version: '0.1.0',
  kioskId: 'accueil-1',
  backend: { type: 'embedded', reachable: true },
  delivery: [],
  lastErrors: [],
  today: { enrollments: 2, resets: 1 },
  liveSessions: 0,
  now: 1,
};

const started = async () => {
  const fake = createFakeBridge();
  const reloadPage = vi.fn();
  const guichet = createGuichet({ bridge: fake.bridge, now: () => 1_000, reloadPage });
  const start = guichet.start();
  fake.calls[0]!.resolve({ ok: true, view: sampleView('recovery-identify') });
  await start;
  const last = () => fake.calls[fake.calls.length - 1]!;
  return { fake, guichet, reloadPage, last, panel: () => guichet.store.getState().attendant };
};

describe('attendant panel', () => {
  it('asks the PIN, keeps a refusal in the dialog, then shows the menu', async () => {
    const { guichet, last, panel } = await started();
    guichet.openAttendant('menu');
    expect(panel()).toEqual({ mode: 'pin', purpose: 'menu', busy: false });
    const wrong = guichet.submitPin('000000');
    expect(last()).toMatchObject({ name: 'attendant.unlock', payload: { pin: '000000' } });
    last().resolve({ ok: false, error: { code: 'invalid-input', reason: 'attendant-pin-wrong' } });
    await wrong;
    expect(panel()).toMatchObject({ mode: 'pin', busy: false, error: { reason: 'attendant-pin-wrong' } });
    const right = guichet.submitPin('482916');
    last().resolve({ ok: true, status });
    await right;
    expect(panel()).toEqual({ mode: 'menu', status, busy: false });
  });

  it('closes the menu on the main side too', async () => {
    const { guichet, last, panel } = await started();
    guichet.openAttendant('menu');
    const open = guichet.submitPin('482916');
    last().resolve({ ok: true, status });
    await open;
    guichet.closeAttendant();
    expect(panel()).toBeUndefined();
    expect(last()).toMatchObject({ name: 'attendant.close', payload: {} });
  });

  it('passes the CAPTCHA as a flow request with the step token, leaving no error on the step', async () => {
    const { guichet, last, panel } = await started();
    guichet.openAttendant('captcha');
    const wrong = guichet.submitPin('1');
    expect(last()).toMatchObject({ name: 'recovery.captcha-attendant', payload: { pin: '1', token: 'token-recovery-identify' } });
    last().resolve({ ok: false, error: { code: 'invalid-input', reason: 'attendant-pin-wrong' } });
    await wrong;
    expect(panel()).toMatchObject({ mode: 'pin', purpose: 'captcha', error: { reason: 'attendant-pin-wrong' } });
    expect(guichet.store.getState().error).toBeUndefined();
    const right = guichet.submitPin('482916');
    last().resolve({ ok: true, view: { ...sampleView('recovery-identify'), token: 'next' } });
    await right;
    expect(panel()).toBeUndefined();
    expect(guichet.store.getState().view?.token).toBe('next');
  });

  it('is closed by a session reset, and reloads the page when the configuration reload drops the connection', async () => {
    const { fake, guichet, last, panel, reloadPage } = await started();
    guichet.openAttendant('menu');
    fake.emit('session-reset', {});
    expect(panel()).toBeUndefined();

    guichet.openAttendant('menu');
    const open = guichet.submitPin('482916');
    last().resolve({ ok: true, status });
    await open;
    const reload = guichet.reloadConfig();
    expect(last()).toMatchObject({ name: 'attendant.reload' });
    last().resolve({ ok: true });
    await reload;
    expect(panel()).toMatchObject({ mode: 'menu', reloading: true });
    fake.lose();
    expect(reloadPage).toHaveBeenCalledTimes(1);
    expect(guichet.store.getState().connection).toBe('lost');
  });

  it('does not reload the page when the connection is lost for any other reason', async () => {
    const { fake, reloadPage } = await started();
    fake.lose();
    expect(reloadPage).not.toHaveBeenCalled();
  });
});
