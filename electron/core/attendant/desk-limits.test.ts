import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/support/broker-harness';
import { attendantRecoverySection } from '../config/sections/attendant';
import { SqliteEngine } from '../verify/sqlite-engine';
import { SqliteStateStore } from '../verify/sqlite-state-store';
import { DeskLimits } from './desk-limits';

const day = 24 * 3600_000;

function setup(limits: Record<string, unknown> = {}) {
  const clock = new ManualClock();
  const store = new SqliteEngine(new SqliteStateStore(':memory:'));
  return { clock, store, desk: new DeskLimits(store, attendantRecoverySection.parse({ limits }).limits, clock) };
}

describe('assisted recovery limits', () => {
  it('allows one assisted recovery per account per day by default, whoever verifies and wherever', async () => {
    const { clock, desk } = setup();
    expect(await desk.reserve({ account: 'a1', attendant: 'leila', kiosk: 'k1' })).toMatchObject({ ok: true });
    expect(await desk.reserve({ account: 'a1', attendant: 'shared-pin', kiosk: 'k2' })).toEqual({ ok: false, scope: 'account', retryAt: clock.now() + day });
    expect(await desk.reserve({ account: 'a2', attendant: 'leila', kiosk: 'k1' })).toMatchObject({ ok: true });
    clock.advance(day);
    expect(await desk.reserve({ account: 'a1', attendant: 'leila', kiosk: 'k1' })).toMatchObject({ ok: true });
  });

  it('holds the per-attendant and per-device ceilings', async () => {
    const { desk } = setup({ perAttendant: { max: 2 }, perDevice: { max: 3 } });
    await desk.reserve({ account: 'a1', attendant: 'leila', kiosk: 'k1' });
    await desk.reserve({ account: 'a2', attendant: 'leila', kiosk: 'k1' });
    expect(await desk.reserve({ account: 'a3', attendant: 'leila', kiosk: 'k1' })).toMatchObject({ ok: false, scope: 'attendant' });
    expect(await desk.reserve({ account: 'a4', attendant: 'omar', kiosk: 'k1' })).toMatchObject({ ok: true });
    expect(await desk.reserve({ account: 'a5', attendant: 'omar', kiosk: 'k1' })).toMatchObject({ ok: false, scope: 'device' });
    expect(await desk.reserve({ account: 'a5', attendant: 'omar', kiosk: 'k2' })).toMatchObject({ ok: true });
  });

  it('takes nothing when one limit refuses, and gives a slot back on release', async () => {
    const { desk } = setup({ perAttendant: { max: 1 } });
    const first = await desk.reserve({ account: 'a1', attendant: 'leila', kiosk: 'k1' });
    // Refused by the attendant's ceiling: a2's own day is untouched.
    expect(await desk.reserve({ account: 'a2', attendant: 'leila', kiosk: 'k1' })).toMatchObject({ ok: false, scope: 'attendant' });
    expect(await desk.reserve({ account: 'a2', attendant: 'omar', kiosk: 'k1' })).toMatchObject({ ok: true });
    if (first.ok) await first.release();
    expect(await desk.reserve({ account: 'a1', attendant: 'leila', kiosk: 'k1' })).toMatchObject({ ok: true });
  });
});
