import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../clock';
import { configSchema } from '../config/schema';
import { SqliteStateStore } from './sqlite-state-store';
import { SqliteEngine } from './sqlite-engine';
import { Throttles, type SendKey, type ThrottleLimits, type Verdict } from './throttles';

const minute = 60_000;
const hour = 60 * minute;
const defaults: ThrottleLimits = configSchema.parse({}).security.throttles;

const sms = (over: Partial<SendKey> = {}): SendKey => ({
  flow: 'recovery',
  account: 'amina.benali',
  channel: 'sms',
  destination: '+212612345678',
  kiosk: 'kiosk-a',
  ...over,
});

describe('Throttles', () => {
  let t: number;
  const clock: Clock = { now: () => t };
  let file: SqliteStateStore;
  let store: SqliteEngine;
  const make = (limits: Partial<ThrottleLimits> = {}) => new Throttles(store, { ...defaults, ...limits }, clock);
  /** Reserve and keep the slots, as the broker does once the provider accepted the message. */
  const send = async (throttles: Throttles, key: SendKey): Promise<Verdict> => {
    const verdict = await throttles.reserveSend(key);
    if (!verdict.allowed) return verdict;
    await verdict.confirm();
    return { allowed: true };
  };
  /** What a send would get now, leaving nothing behind (reserve, then give the slots back). */
  const check = async (throttles: Throttles, key: SendKey): Promise<Verdict> => {
    const verdict = await throttles.reserveSend(key);
    if (!verdict.allowed) return verdict;
    await verdict.release();
    return { allowed: true };
  };

  beforeEach(() => {
    t = Date.UTC(2025, 8, 1, 9, 0, 0);
    file = new SqliteStateStore(':memory:');
    store = new SqliteEngine(file);
  });
  afterEach(() => file.close());

  it('caps lookups and failed sign-ins per device, each on its own counter, and per kiosk.id', async () => {
    const throttles = make({ identifyPerDevice: { max: 3, windowMinutes: 60 }, signInFailuresPerDevice: { max: 2, windowMinutes: 60 } });
    for (let i = 0; i < 3; i++) {
      expect(await throttles.checkDevice('identify', 'kiosk-a')).toEqual({ allowed: true });
      await throttles.recordDevice('identify', 'kiosk-a');
      t += minute;
    }
    expect(await throttles.checkDevice('identify', 'kiosk-a')).toEqual({ allowed: false, retryAt: Date.UTC(2025, 8, 1, 10, 0, 0), scope: 'kiosk' });
    expect(await throttles.checkDevice('signin-failure', 'kiosk-a')).toEqual({ allowed: true });
    expect(await throttles.checkDevice('identify', 'kiosk-b')).toEqual({ allowed: true });
    t = Date.UTC(2025, 8, 1, 10, 0, 0);
    expect(await throttles.checkDevice('identify', 'kiosk-a')).toEqual({ allowed: true });
  });

  it('counts attempts under way against the device ceiling until they are freed', async () => {
    const throttles = make({ signInFailuresPerDevice: { max: 2, windowMinutes: 60 } });
    const first = throttles.holdDevice('signin-failure', 'kiosk-a');
    await throttles.recordDevice('signin-failure', 'kiosk-a');
    const second = throttles.holdDevice('signin-failure', 'kiosk-a');
    expect(await throttles.checkDevice('signin-failure', 'kiosk-a')).toMatchObject({ allowed: false, scope: 'kiosk' });
    expect(await throttles.checkDevice('signin-failure', 'kiosk-b')).toEqual({ allowed: true });
    // Freeing twice frees one place: the first attempt still holds its own.
    second();
    second();
    expect(await throttles.checkDevice('signin-failure', 'kiosk-a')).toMatchObject({ allowed: false });
    first();
    expect(await throttles.checkDevice('signin-failure', 'kiosk-a')).toEqual({ allowed: true });
    await throttles.recordDevice('signin-failure', 'kiosk-a');
    expect(await throttles.checkDevice('signin-failure', 'kiosk-a')).toMatchObject({ allowed: false });
  });

  it('uses the Entra figures by default', async () => {
    expect(defaults).toMatchObject({
      phonePerAccount: { max: 5, windowMinutes: 60 },
      emailPerAccount: { max: 10, windowMinutes: 10 },
      blockHours: 24,
      perDestination: { max: 5, windowMinutes: 60 },
      perKioskPerHour: 60,
    });
  });

  it('allows 5 phone sends, then blocks the account for 24 hours from the fifth', async () => {
    const throttles = make({ perDestination: { max: 100, windowMinutes: 60 } });
    const key = sms();
    for (let i = 0; i < 5; i += 1) {
      expect(await check(throttles, key)).toEqual({ allowed: true });
      await send(throttles, key);
      if (i < 4) t += minute;
    }
    const fifth = t;
    t += minute;
    expect(await check(throttles, key)).toEqual({ allowed: false, retryAt: fifth + 24 * hour, scope: 'account' });
    expect(await check(throttles, { ...key, channel: 'voice', destination: '+212700000000' })).toMatchObject({ allowed: false, scope: 'account' });
    expect(await check(throttles, { ...key, channel: 'email', destination: 'a@example.org' })).toMatchObject({ allowed: false, scope: 'account' });
    expect(await throttles.reserveNumberCheck({ flow: 'recovery', account: key.account })).toMatchObject({ allowed: false, scope: 'account' });

    t = fifth + 24 * hour - 1;
    expect(await check(throttles, key)).toMatchObject({ allowed: false, retryAt: fifth + 24 * hour });
    t = fifth + 24 * hour;
    expect(await check(throttles, key)).toEqual({ allowed: true });
  });

  it('checking records nothing', async () => {
    const throttles = make({ phonePerAccount: { max: 1, windowMinutes: 60 } });
    for (let i = 0; i < 10; i += 1) expect((await check(throttles, sms())).allowed).toBe(true);
    expect((await throttles.reserveNumberCheck({ flow: 'recovery', account: 'amina.benali' })).allowed).toBe(true);
  });

  it('without a block, refuses only until the oldest send leaves the window', async () => {
    const throttles = make({ blockHours: 0, phonePerAccount: { max: 2, windowMinutes: 60 } });
    const first = t;
    await send(throttles, sms());
    t += 10 * minute;
    await send(throttles, sms());
    expect(await check(throttles, sms())).toEqual({ allowed: false, retryAt: first + hour, scope: 'account' });
    t = first + hour;
    expect(await check(throttles, sms())).toEqual({ allowed: true });
  });

  it('counts number checks and phone sends together, and blocks the flow', async () => {
    const throttles = make();
    const account = { flow: 'recovery' as const, account: 'amina.benali' };
    for (let i = 0; i < 3; i += 1) expect((await send(throttles, sms({ destination: `+21261234567${i}` }))).allowed).toBe(true);
    for (let i = 0; i < 2; i += 1) {
      expect(await throttles.reserveNumberCheck(account)).toEqual({ allowed: true });
    }
    expect(await throttles.reserveNumberCheck(account)).toEqual({ allowed: false, retryAt: t + 24 * hour, scope: 'account' });
    expect(await check(throttles, sms({ destination: '+212699999999' }))).toMatchObject({ allowed: false, scope: 'account' });
  });

  it('limits email sends per account on their own counter', async () => {
    const throttles = make({ perDestination: { max: 100, windowMinutes: 60 } });
    const mail = sms({ channel: 'email', destination: 'amina@example.org' });
    for (let i = 0; i < 4; i += 1) await send(throttles, sms());
    for (let i = 0; i < 10; i += 1) {
      expect(await send(throttles, mail)).toEqual({ allowed: true });
      t += 30_000;
    }
    expect(await check(throttles, mail)).toMatchObject({ allowed: false, scope: 'account' });
    const refused = await check(throttles, mail);
    expect(refused.allowed === false && refused.retryAt).toBe(t - 30_000 + 24 * hour);
  });

  it('keeps enrollment and recovery apart', async () => {
    const throttles = make({ perDestination: { max: 100, windowMinutes: 60 } });
    for (let i = 0; i < 5; i += 1) await send(throttles, sms({ flow: 'recovery' }));
    expect((await check(throttles, sms({ flow: 'recovery' }))).allowed).toBe(false);
    for (let i = 0; i < 5; i += 1) expect((await send(throttles, sms({ flow: 'enrollment' }))).allowed).toBe(true);
    expect((await check(throttles, sms({ flow: 'enrollment' }))).allowed).toBe(false);
    await throttles.clearAccount('enrollment', 'amina.benali');
    expect((await check(throttles, sms({ flow: 'enrollment' }))).allowed).toBe(true);
    expect((await check(throttles, sms({ flow: 'recovery' }))).allowed).toBe(false);
  });

  it('limits one destination across accounts, flows and channels, whatever its case', async () => {
    const throttles = make();
    const first = t;
    await send(throttles, sms({ account: 'a', channel: 'sms' }));
    await send(throttles, sms({ account: 'b', channel: 'voice', flow: 'enrollment' }));
    await send(throttles, sms({ account: 'a', channel: 'sms' }));
    await send(throttles, sms({ account: 'c', channel: 'sms', kiosk: 'kiosk-b' }));
    t += 5 * minute;
    expect(await send(throttles, sms({ account: 'b', channel: 'sms' }))).toEqual({ allowed: true });
    expect(await check(throttles, sms({ account: 'z' }))).toEqual({ allowed: false, retryAt: first + hour, scope: 'destination' });
    expect(await check(throttles, sms({ account: 'z', destination: '+212612345679' }))).toEqual({ allowed: true });
    t = first + hour;
    expect(await check(throttles, sms({ account: 'z' }))).toEqual({ allowed: true });

    const mail = (account: string, destination: string) => sms({ account, channel: 'email', destination });
    for (let i = 0; i < 5; i += 1) await send(throttles, mail(`m${i}`, i % 2 ? 'Amina@Example.org' : 'amina@example.org '));
    expect(await check(throttles, mail('m9', 'AMINA@EXAMPLE.ORG'))).toMatchObject({ allowed: false, scope: 'destination' });
  });

  it('puts a ceiling on sends from one kiosk', async () => {
    const throttles = make({ perKioskPerHour: 3 });
    const first = t;
    for (let i = 0; i < 3; i += 1) {
      expect(await send(throttles, sms({ account: `u${i}`, destination: `+21260000000${i}` }))).toEqual({ allowed: true });
      t += minute;
    }
    expect(await check(throttles, sms({ account: 'u9', destination: '+212600000009' }))).toEqual({ allowed: false, retryAt: first + hour, scope: 'kiosk' });
    expect(await check(throttles, sms({ account: 'u9', destination: '+212600000009', kiosk: 'kiosk-b' }))).toEqual({ allowed: true });
  });

  it('reports the refusal that lasts longest when several apply', async () => {
    const throttles = make({ perKioskPerHour: 5 });
    for (let i = 0; i < 5; i += 1) await send(throttles, sms());
    expect(await check(throttles, sms())).toEqual({ allowed: false, retryAt: t + 24 * hour, scope: 'account' });
  });

  it('clears an account after a successful reset', async () => {
    const throttles = make({ perDestination: { max: 100, windowMinutes: 60 } });
    for (let i = 0; i < 5; i += 1) await send(throttles, sms());
    expect((await check(throttles, sms())).allowed).toBe(false);
    await throttles.clearAccount('recovery', 'amina.benali');
    for (let i = 0; i < 5; i += 1) expect((await send(throttles, sms())).allowed).toBe(true);
    expect((await check(throttles, sms())).allowed).toBe(false);
  });

  it('clearing an account leaves destination counts alone', async () => {
    const throttles = make();
    for (let i = 0; i < 5; i += 1) await send(throttles, sms());
    await throttles.clearAccount('recovery', 'amina.benali');
    expect(await check(throttles, sms())).toMatchObject({ allowed: false, scope: 'destination' });
  });

  it('lets exactly the allowed number through out of 100 attempts for one account', async () => {
    const throttles = make();
    let allowed = 0;
    for (let i = 0; i < 100; i += 1) {
      // Varying destinations, so only the account limit is in play.
      if ((await send(throttles, sms({ destination: `+2126${String(i).padStart(8, '0')}` }))).allowed) allowed += 1;
      t += 7_000;
    }
    expect(allowed).toBe(5);
  });

  it('treats decoy keys like any account', async () => {
    const throttles = make();
    const decoy = sms({ account: 'decoy:9f86d081884c7d659a2feaa0c55ad015' });
    for (let i = 0; i < 5; i += 1) expect((await send(throttles, { ...decoy, destination: `+21261111111${i}` })).allowed).toBe(true);
    expect(await check(throttles, { ...decoy, destination: '+212622222222' })).toMatchObject({ allowed: false, scope: 'account' });
  });

  describe('with a file store', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'guichet-throttles-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('survives a restart, and keeps no clear account or destination', async () => {
      const path = join(dir, 'state.sqlite');
      const before = new SqliteStateStore(path);
      const throttles = new Throttles(new SqliteEngine(before), defaults, clock);
      for (let i = 0; i < 5; i += 1) await send(throttles, sms({ channel: 'email', destination: 'Amina.Benali@Example.org' }));
      for (let i = 0; i < 5; i += 1) await send(throttles, sms({ flow: 'enrollment', destination: '+212612345678' }));
      before.close();

      const after = new SqliteStateStore(path);
      const restarted = new Throttles(new SqliteEngine(after), defaults, clock);
      expect(await check(restarted, sms({ flow: 'enrollment', destination: '+212600000001' }))).toMatchObject({ allowed: false, scope: 'account', retryAt: t + 24 * hour });
      expect(await check(restarted, sms({ account: 'other', channel: 'email', destination: 'amina.benali@example.org' }))).toMatchObject({ allowed: false, scope: 'destination' });
      after.close();

      const raw = new Database(path, { readonly: true });
      const keys = [
        ...raw.prepare<[], string>('SELECT key FROM events').pluck().all(),
        ...raw.prepare<[], string>('SELECT key || value FROM kv').pluck().all(),
      ].join('\n');
      raw.close();
      expect(keys).toContain('throttle.');
      for (const clear of ['212612345678', 'amina', 'example.org']) expect(keys.toLowerCase()).not.toContain(clear);
    });
  });
});
