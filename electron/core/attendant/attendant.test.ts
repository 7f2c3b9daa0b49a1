import { describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/broker-harness';
import { BackendError } from '../backends/identity-backend';
import { DeliveryStatus } from '../delivery/delivery-status';
import { GuichetCore, type Timers } from '../guichet-core';
import { hashSecret } from '../passwords/scrypt-hash';
import type { ConnectionHooks } from '../transport';
import { pinFailures } from './attendant-gate';
import { DeviceLedger } from './device-ledger';

const pin = '482916';
// A cheap cost keeps the test quick; the hash string carries its own cost, as `guichet pin-hash` output does.
const pinHash = () => hashSecret(pin, { ln: 10, r: 8, p: 1 });

/** Timers a test fires by hand. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (fn) => {
      pending.set(next, fn);
      return next++;
    },
    clearTimeout: (h) => void pending.delete(h as number),
  };
  const fireAll = () => {
    for (const [h, fn] of [...pending]) {
      pending.delete(h);
      fn();
    }
  };
  return { timers, fireAll, count: () => pending.size };
}

async function setup(overrides: Parameters<typeof createHarness>[0] = {}) {
  const h = await createHarness({ kiosk: { attendantPinHash: await pinHash() }, ...overrides });
  const delivery = new DeliveryStatus(h.clock);
  delivery.register('sms', 'sms-test');
  const ledger = new DeviceLedger(h.audit, h.store, h.clock);
  const t = manualTimers();
  const core = new GuichetCore(
    h.deps,
    { version: '9.9.9', kioskId: 'kiosk-test', backendType: 'embedded', backend: h.backend, delivery, ledger, clock: h.clock },
    { timers: t.timers },
  );
  const hooks = { send: vi.fn(), onWiped: vi.fn(), attendant: { quit: vi.fn(), reload: vi.fn() } } satisfies ConnectionHooks;
  return { h, core, hooks, t, delivery };
}

const auditEvents = (h: Harness) =>
  import('node:fs').then((fs) =>
    fs
      .readFileSync(`${h.dir}/audit.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; outcome: string; detail: Record<string, unknown> }),
  );

describe('attendant menu', () => {
  it('opens with the right PIN and shows the device status, never before', async () => {
    const { core, hooks } = await setup();
    const conn = core.connect(hooks);
    expect(await conn.handle('attendant.status', {})).toEqual({ ok: false, error: { code: 'out-of-order' } });
    expect(await conn.handle('attendant.quit', {})).toEqual({ ok: false, error: { code: 'out-of-order' } });
    expect(hooks.attendant.quit).not.toHaveBeenCalled();

    const opened = await conn.handle('attendant.unlock', { pin });
    expect(opened).toMatchObject({
      ok: true,
      status: {
        version: '9.9.9',
        kioskId: 'kiosk-test',
        backend: { type: 'embedded', reachable: true },
        delivery: [{ channel: 'sms', provider: 'sms-test' }],
        today: { enrollments: 0, resets: 0 },
        liveSessions: 0,
      },
    });
    expect(await conn.handle('attendant.status', {})).toMatchObject({ ok: true });
    expect(await conn.handle('attendant.close', {})).toEqual({ ok: true });
    expect(await conn.handle('attendant.status', {})).toEqual({ ok: false, error: { code: 'out-of-order' } });
  });

  it('quits and reloads through the transport, audited', async () => {
    const { h, core, hooks } = await setup();
    const conn = core.connect(hooks);
    await conn.handle('attendant.unlock', { pin });
    expect(await conn.handle('attendant.reload', {})).toEqual({ ok: true });
    expect(hooks.attendant.reload).toHaveBeenCalledTimes(1);
    // The action closed the menu: a second one needs the PIN again.
    expect(await conn.handle('attendant.quit', {})).toEqual({ ok: false, error: { code: 'out-of-order' } });
    await conn.handle('attendant.unlock', { pin });
    expect(await conn.handle('attendant.quit', {})).toEqual({ ok: true });
    expect(hooks.attendant.quit).toHaveBeenCalledTimes(1);
    const actions = (await auditEvents(h)).filter((e) => e.event === 'attendant.ok').map((e) => e.detail);
    expect(actions).toEqual([{ purpose: 'menu' }, { action: 'reload' }, { purpose: 'menu' }, { action: 'quit' }]);
  });

  it('answers "unavailable" to quit and reload on a transport that cannot do them', async () => {
    const { core } = await setup();
    const conn = core.connect({ send: vi.fn() });
    await conn.handle('attendant.unlock', { pin });
    expect(await conn.handle('attendant.reload', {})).toEqual({ ok: false, error: { code: 'unavailable' } });
  });

  it('throttles wrong PINs per device, across connections, and frees up after the lock', async () => {
    const { h, core, hooks } = await setup();
    const a = core.connect(hooks);
    for (let i = 0; i < pinFailures.max; i++) {
      expect(await a.handle('attendant.unlock', { pin: `00000${i}` })).toEqual({ ok: false, error: { code: 'invalid-input', reason: 'attendant-pin-wrong' } });
    }
    const b = core.connect(hooks);
    const refused = await b.handle('attendant.unlock', { pin });
    expect(refused).toEqual({ ok: false, error: { code: 'throttled', retryAt: h.clock.now() + pinFailures.firstLockSeconds * 1000 } });
    h.clock.advance(pinFailures.firstLockSeconds * 1000);
    expect(await b.handle('attendant.unlock', { pin })).toMatchObject({ ok: true });
    const events = await auditEvents(h);
    expect(events.filter((e) => e.event === 'attendant.fail')).toHaveLength(pinFailures.max);
    expect(events.some((e) => e.event === 'throttle.hit' && e.detail.scope === 'attendant')).toBe(true);
  });

  it('evaluates no more than the allowed wrong PINs when they arrive in parallel', async () => {
    const { h, core, hooks } = await setup();
    const conns = Array.from({ length: 30 }, () => core.connect(hooks));
    const answers = await Promise.all(conns.map((c, i) => c.handle('attendant.unlock', { pin: String(100000 + i) })));
    const wrong = answers.filter((a) => (a as { error?: { reason?: string } }).error?.reason === 'attendant-pin-wrong');
    const refused = answers.filter((a) => (a as { error?: { code?: string } }).error?.code === 'throttled');
    expect(wrong).toHaveLength(pinFailures.max);
    expect(refused).toHaveLength(30 - pinFailures.max);
    expect((await auditEvents(h)).filter((e) => e.event === 'attendant.fail')).toHaveLength(pinFailures.max);
  });

  it('locks briefly after five wrong PINs, longer after each further one, and forgets them on the right PIN', async () => {
    const { h, core, hooks } = await setup();
    const conn = core.connect(hooks);
    const wrongPin = () => conn.handle('attendant.unlock', { pin: '000000' });
    for (let i = 0; i < pinFailures.max; i++) await wrongPin();
    const first = pinFailures.firstLockSeconds * 1000;
    expect(await conn.handle('attendant.unlock', { pin })).toEqual({ ok: false, error: { code: 'throttled', retryAt: h.clock.now() + first } });
    h.clock.advance(first);
    // One more wrong PIN once the lock is over doubles it.
    expect(await wrongPin()).toMatchObject({ error: { reason: 'attendant-pin-wrong' } });
    expect(await conn.handle('attendant.unlock', { pin })).toEqual({ ok: false, error: { code: 'throttled', retryAt: h.clock.now() + 2 * first } });
    h.clock.advance(2 * first);
    expect(await conn.handle('attendant.unlock', { pin })).toMatchObject({ ok: true });
    // The right PIN forgot the failures: the next wrong one is the first again.
    expect(await wrongPin()).toMatchObject({ error: { reason: 'attendant-pin-wrong' } });
    expect(await conn.handle('attendant.unlock', { pin })).toMatchObject({ ok: true });
  });

  it('never locks the attendant out for longer than the longest lock', async () => {
    const { h, core, hooks } = await setup();
    const conn = core.connect(hooks);
    for (let round = 0; round < 20; round++) {
      await conn.handle('attendant.unlock', { pin: '000000' });
      h.clock.advance(pinFailures.maxLockMinutes * 60_000);
    }
    expect(await conn.handle('attendant.unlock', { pin })).toMatchObject({ ok: true });
  });

  it('opens for no PIN when none is configured', async () => {
    const { core, hooks } = await setup({ kiosk: {} });
    const conn = core.connect(hooks);
    expect(await conn.handle('attendant.unlock', { pin: '' })).toMatchObject({ ok: false, error: { reason: 'attendant-pin-wrong' } });
    expect(await conn.handle('attendant.unlock', { pin })).toMatchObject({ ok: false, error: { reason: 'attendant-pin-wrong' } });
  });

  it('counts live sessions, today’s enrollments and resets, and the last faults', async () => {
    const { h, core, hooks, delivery } = await setup();
    const visitor = core.connect(hooks);
    const view = ((await visitor.handle('view.get', {})) as { view: { token: string } }).view;
    await visitor.handle('home.sign-in', { token: view.token });
    h.audit.append({ event: 'method.added', outcome: 'ok', detail: { method: 'phone' } });
    h.audit.append({ event: 'password.reset.ok', outcome: 'ok' });
    h.audit.append({ event: 'delivery.failed', outcome: 'fail', detail: { channel: 'sms' } });
    delivery.failed('sms', 'sms-test', 'sms-test: ETIMEDOUT');
    const attendant = core.connect(hooks);
    const opened = await attendant.handle('attendant.unlock', { pin });
    expect(opened).toMatchObject({
      ok: true,
      status: {
        liveSessions: 1,
        today: { enrollments: 1, resets: 1 },
        lastErrors: [{ event: 'delivery.failed', detail: 'channel=sms' }],
        delivery: [{ channel: 'sms', lastError: { detail: 'sms-test: ETIMEDOUT' } }],
      },
    });
    // Tomorrow starts from zero.
    h.clock.advance(24 * 3600_000);
    expect(await attendant.handle('attendant.status', {})).toMatchObject({ status: { today: { enrollments: 0, resets: 0 } } });
  });

  it('reports a directory that does not answer as unreachable, without waiting on it', async () => {
    const { h } = await setup();
    const { deviceStatus } = await import('./device-status');
    const status = await deviceStatus(
      {
        version: '1',
        kioskId: 'k',
        backendType: 'ldap',
        backend: { ping: () => new Promise<boolean>(() => {}) },
        delivery: new DeliveryStatus(h.clock),
        ledger: new DeviceLedger(h.audit, h.store, h.clock),
        clock: h.clock,
        pingTimeoutMs: 20,
      },
      0,
    );
    expect(status.backend).toEqual({ type: 'ldap', reachable: false });
  });

  it('closes the menu when the visitor session is wiped', async () => {
    const { core, hooks, t } = await setup();
    const conn = core.connect(hooks);
    const view = ((await conn.handle('view.get', {})) as { view: { token: string } }).view;
    await conn.handle('home.sign-in', { token: view.token });
    await conn.handle('attendant.unlock', { pin });
    t.fireAll(); // idle warning
    t.fireAll(); // wipe
    expect(hooks.send).toHaveBeenCalledWith('session-reset', {});
    expect(await conn.handle('attendant.status', {})).toEqual({ ok: false, error: { code: 'out-of-order' } });
  });
});

describe('idle and shutdown', () => {
  it('warns, then wipes; activity in between keeps the session', async () => {
    const { core, hooks, t } = await setup();
    const conn = core.connect(hooks);
    let view = ((await conn.handle('view.get', {})) as { view: { token: string } }).view;
    view = ((await conn.handle('home.sign-in', { token: view.token })) as { view: { token: string } }).view;
    t.fireAll();
    expect(hooks.send).toHaveBeenCalledWith('idle-warning', { secondsLeft: 20 });
    await conn.handle('activity.ping', {});
    expect(core.liveSessions()).toBe(1);
    t.fireAll();
    t.fireAll();
    expect(hooks.onWiped).toHaveBeenCalledTimes(1);
    expect(core.liveSessions()).toBe(0);
    // The old step token is dead.
    expect(await conn.handle('signin.identifier', { token: view.token, identifier: 'nadia.benali' })).toMatchObject({ ok: false, error: { code: 'out-of-order' } });
  });

  it('ends every session on shutdown', async () => {
    const { h, core, hooks } = await setup();
    const conn = core.connect(hooks);
    const view = ((await conn.handle('view.get', {})) as { view: { token: string } }).view;
    await conn.handle('home.sign-in', { token: view.token });
    expect(core.liveSessions()).toBe(1);
    await core.shutdown();
    expect(core.liveSessions()).toBe(0);
    expect((await auditEvents(h)).some((e) => e.event === 'session.wiped' && e.detail.reason === 'shutdown')).toBe(true);
  });
});

describe('CAPTCHA passed by the attendant', () => {
  it('lets the visitor past the CAPTCHA with the right PIN only', async () => {
    const { h } = await setup({ recovery: { captcha: true } });
    const v = h.visitor();
    await v.act('home.recover');
    expect(v.view.step).toMatchObject({ name: 'recovery-identify', captcha: { image: expect.any(String) } });
    expect(await v.act('recovery.captcha-attendant', { pin: '111111' })).toMatchObject({ ok: false, error: { reason: 'attendant-pin-wrong' } });
    expect(v.view.step).toMatchObject({ captcha: { image: expect.any(String) } });
    expect(await v.act('recovery.captcha-attendant', { pin })).toMatchObject({ ok: true });
    expect(v.view.step).toEqual(expect.objectContaining({ name: 'recovery-identify' }));
    expect(v.view.step).not.toHaveProperty('captcha');
    expect(await v.act('recovery.identify', { identifier: 'youssef.alaoui', captcha: '' })).toMatchObject({ ok: true, view: { step: { name: 'recovery-verify' } } });
  });

  it('is refused where there is no CAPTCHA to pass', async () => {
    const { h } = await setup({ recovery: { captcha: false } });
    const v = h.visitor();
    await v.act('home.recover');
    expect(await v.act('recovery.captcha-attendant', { pin })).toMatchObject({ ok: false, error: { code: 'out-of-order' } });
  });
});

describe('service momentarily unavailable', () => {
  const unavailable = async (reachable: () => boolean) => {
    const s = await setup({ kiosk: { returnHomeSeconds: 10, idleSeconds: 30, warningSeconds: 10 } });
    const conn = s.core.connect(s.hooks);
    let view = ((await conn.handle('view.get', {})) as { view: { token: string } }).view;
    view = ((await conn.handle('home.sign-in', { token: view.token })) as { view: { token: string } }).view;
    view = ((await conn.handle('signin.identifier', { token: view.token, identifier: 'nadia.benali' })) as { view: { token: string } }).view;
    vi.spyOn(s.h.backend, 'signIn').mockRejectedValue(new BackendError('unavailable', 'directory down'));
    vi.spyOn(s.h.backend, 'ping').mockImplementation(async () => reachable());
    const answer = await conn.handle('signin.password', { token: view.token, password: 'Bienvenue2025!' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' }, view: { step: { name: 'unavailable' } } });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    return { ...s, conn, settle };
  };

  it('goes home on its own once the directory answers again', async () => {
    let up = false;
    const { t, hooks, conn, settle } = await unavailable(() => up);
    t.fireAll();
    await settle();
    expect(hooks.onWiped).not.toHaveBeenCalled();
    up = true;
    t.fireAll();
    await settle();
    expect(hooks.onWiped).toHaveBeenCalledTimes(1);
    expect(await conn.handle('view.get', {})).toMatchObject({ view: { step: { name: 'home' } } });
  });

  it('does nothing more for a window that closed while the directory was being asked', async () => {
    let answer: (up: boolean) => void = () => {};
    const s = await unavailable(() => false);
    vi.spyOn(s.h.backend, 'ping').mockImplementation(() => new Promise<boolean>((resolve) => (answer = resolve)));
    s.t.fireAll();
    s.conn.close('connection-closed');
    answer(true);
    await s.settle();
    expect(s.hooks.onWiped).not.toHaveBeenCalled();
    expect(s.hooks.send).not.toHaveBeenCalledWith('session-reset', {});
    expect(s.core.broker.liveSessions()).toBe(0);
    expect(s.t.count()).toBe(0);
  });

  it('goes home after the idle time even while the directory stays down', async () => {
    const { t, hooks, settle } = await unavailable(() => false);
    for (let i = 0; i < 3; i++) {
      t.fireAll();
      await settle();
      expect(hooks.onWiped).not.toHaveBeenCalled();
    }
    t.fireAll();
    await settle();
    expect(hooks.onWiped).toHaveBeenCalledTimes(1);
  });
});
