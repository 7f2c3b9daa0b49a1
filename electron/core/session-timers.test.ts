import { describe, expect, it, vi } from 'vitest';
import type { RequestName } from '../../shared/contract';
import { createHarness, type ManualClock } from '../../test/support/broker-harness';
import { DeliveryStatus } from './delivery/delivery-status';
import { DeviceLedger } from './attendant/device-ledger';
import { GuichetCore, type Timers } from './guichet-core';
import type { ConnectionHooks } from './transport';

/** Timers on the harness clock: `advance` moves time and fires what falls due, in order. */
function clockTimers(clock: ManualClock) {
  const pending = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(next, { at: clock.now() + ms, fn });
      return next++;
    },
    clearTimeout: (h) => void pending.delete(h as number),
  };
  const advance = (ms: number) => {
    const end = clock.now() + ms;
    for (;;) {
      const due = [...pending].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      clock.advance(Math.max(0, due[1].at - clock.now()));
      due[1].fn();
    }
    clock.advance(Math.max(0, end - clock.now()));
  };
  return { timers, advance };
}

async function setup(overrides: Parameters<typeof createHarness>[0] = {}) {
  const h = await createHarness(overrides);
  const ledger = new DeviceLedger(h.audit, h.store, h.clock);
  const t = clockTimers(h.clock);
  const core = new GuichetCore(
    h.deps,
    { version: '1', kioskId: 'kiosk-test', backendType: 'embedded', backend: h.backend, delivery: new DeliveryStatus(h.clock), ledger, clock: h.clock },
    { timers: t.timers },
  );
  const hooks = { send: vi.fn(), onWiped: vi.fn() } satisfies ConnectionHooks;
  const conn = core.connect(hooks);
  const act = async (name: RequestName, payload: Record<string, unknown> = {}) => {
    const { view } = (await conn.handle('view.get', {})) as { view: { token: string } };
    return conn.handle(name, { token: view.token, ...payload });
  };
  const resets = () => hooks.send.mock.calls.filter(([event]) => event === 'session-reset').length;
  const warnings = () => hooks.send.mock.calls.filter(([event]) => event === 'idle-warning');
  return { h, t, conn, act, hooks, resets, warnings };
}

async function signedIn() {
  const s = await setup();
  await s.act('home.sign-in');
  await s.act('signin.identifier', { identifier: 'nadia.benali' });
  await s.act('signin.password', { password: 'Bienvenue2025!' });
  return s;
}

describe('session timers on the main side', () => {
  it('wipes a session at its 15-minute cap even with no request at that moment', async () => {
    const s = await signedIn();
    await s.act('security-info.configure', { method: 'phone' });
    await s.act('phone.send', { country: 'MA', number: '0701071074', channel: 'sms' });
    // A visitor busy on the screen: activity every 30 s for 14 minutes, then nothing more.
    for (let elapsed = 0; elapsed < 14 * 60_000; elapsed += 30_000) {
      s.t.advance(30_000);
      await s.conn.handle('view.get', {});
    }
    s.t.advance(50_000);
    expect(s.resets()).toBe(0);
    s.t.advance(11_000);
    expect(s.resets()).toBe(1);
    expect(s.hooks.onWiped).toHaveBeenCalledTimes(1);
    expect(await s.conn.handle('view.get', {})).toMatchObject({ view: { step: { name: 'home' } } });
  });

  it('warns sooner on a signed-in screen (kiosk.signedInIdleSeconds) than on the others (kiosk.idleSeconds)', async () => {
    const s = await setup();
    await s.act('home.sign-in');
    s.t.advance(45_000);
    expect(s.warnings()).toHaveLength(0);
    await s.act('signin.identifier', { identifier: 'nadia.benali' });
    await s.act('signin.password', { password: 'Bienvenue2025!' });
    s.t.advance(44_000);
    expect(s.warnings()).toHaveLength(0);
    s.t.advance(1000);
    expect(s.warnings()).toHaveLength(1);
    s.t.advance(20_000);
    expect(s.resets()).toBe(1);
  });

  it('never waits longer on a signed-in screen than kiosk.idleSeconds says for the others', async () => {
    const s = await setup({ kiosk: { idleSeconds: 5 } });
    await s.act('home.sign-in');
    await s.act('signin.identifier', { identifier: 'nadia.benali' });
    await s.act('signin.password', { password: 'Bienvenue2025!' });
    s.t.advance(4_000);
    expect(s.warnings()).toHaveLength(0);
    s.t.advance(1000);
    expect(s.warnings()).toHaveLength(1);
  });
});
