import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../../electron/core/audit/audit-verify';
import { auditCountKey, auditHeadKey } from '../../../electron/core/audit/audit-log';
import { DeviceLedger } from '../../../electron/core/attendant/device-ledger';
import { deviceStatus } from '../../../electron/core/attendant/device-status';
import { DeliveryStatus } from '../../../electron/core/delivery/delivery-status';
import { hashSecret } from '../../../electron/core/passwords/scrypt-hash';
import { Heartbeat, type DeviceBeat } from '../../../electron/core/state/fleet';
import { PostgresEngine } from '../../../electron/core/state/postgres-engine';
import { migrate } from '../../../electron/core/state/postgres-schema';
import { createHarness, harnessAuditKey, ManualClock, type Harness } from '../../support/broker-harness';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';

let server: PostgresServer;
let schemas = 0;
const pin = '482913';
let pinHash: string;

beforeAll(async () => {
  server = await startPostgres();
  pinHash = await hashSecret(pin, { ln: 10, r: 8, p: 1 });
});
afterAll(async () => {
  await server?.close();
});

/** One fleet: a fresh schema, and two devices (each with its own pool, as two processes) with their own kiosk ids. */
async function fleet(over: { resendSeconds?: number } = {}): Promise<[Harness, Harness]> {
  const schema = `fleet_${++schemas}`;
  const owner = new pg.Client({ connectionString: server.ownerUrl });
  await owner.connect();
  await migrate(owner, { schema, kioskRole: server.kioskRole, dryRun: false });
  await owner.end();
  const device = async (kioskId: string) =>
    createHarness({ kiosk: { attendantPinHash: pinHash }, ...(over.resendSeconds === undefined ? {} : { security: { code: { resendSeconds: over.resendSeconds } } }) }, { shared: await PostgresEngine.open({ connectionString: server.kioskUrl, schema }), kioskId, clock: new ManualClock() });
  return [await device('kiosk-a'), await device('kiosk-b')];
}

async function codeSent(h: Harness, identifier = 'youssef.alaoui', number = '0612345678') {
  const v = h.visitor();
  await v.act('home.recover');
  await v.act('recovery.identify', { identifier, captcha: '' });
  await v.act('recovery.choose', { option: 'sms' });
  return { v, r: await v.act('recovery.confirm', { value: number }) };
}

const sent = (...hs: Harness[]) => hs.reduce((n, h) => n + h.sms.messages.length + h.voice.messages.length + h.email.messages.length, 0);

describe('two devices on one PostgreSQL database', () => {
  it('hold the per-account limit across both: 5 codes in all, not 10', async () => {
    const [a, b] = await fleet();
    for (let i = 0; i < 10; i += 1) {
      await codeSent(i % 2 === 0 ? a : b);
      a.clock.advance(60_000);
      b.clock.advance(60_000);
    }
    expect(sent(a, b)).toBe(5);
    expect(a.sms.messages.length).toBeGreaterThan(0);
    expect(b.sms.messages.length).toBeGreaterThan(0);
  });

  it('hold the per-destination limit across both, whichever account asks', async () => {
    const [a, b] = await fleet();
    const destination = '+212600000099';
    for (let i = 0; i < 10; i += 1) {
      const device = i % 2 === 0 ? a : b;
      const reserved = await device.deps.throttles.reserveSend({ flow: 'enrollment', account: `account-${i}`, channel: 'sms', destination, kiosk: device.deps.kioskId });
      if (reserved.allowed) await reserved.confirm();
    }
    const next = await b.deps.throttles.reserveSend({ flow: 'enrollment', account: 'someone-else', channel: 'sms', destination, kiosk: 'kiosk-b' });
    expect(next).toMatchObject({ allowed: false, scope: 'destination' });
    const rows = await server.admin(`SELECT count(*)::int AS n FROM fleet_${schemas}.events WHERE key LIKE 'throttle.destination.%'`);
    expect(rows.rows[0].n).toBe(5);
  });

  it('show the same masked hints for the same unknown identifier on both', async () => {
    const [a, b] = await fleet();
    const hints = async (h: Harness) => {
      const v = h.visitor();
      await v.act('home.recover');
      await v.act('recovery.identify', { identifier: 'nobody.here', captcha: '' });
      return JSON.stringify(v.view.step);
    };
    const onA = await hints(a);
    expect(onA).toContain('*');
    expect(await hints(b)).toBe(onA);
  });

  it('keep attendant PIN failures per device: five wrong PINs on A leave B open', async () => {
    const [a, b] = await fleet();
    for (let i = 0; i < 5; i += 1) expect(await a.deps.attendant.check('000000', 'menu')).toMatchObject({ reason: 'attendant-pin-wrong' });
    expect(await a.deps.attendant.check(pin, 'menu')).toMatchObject({ code: 'throttled' });
    expect(await b.deps.attendant.check(pin, 'menu')).toBeNull();
  });

  it('deliver exactly the limit out of 40 parallel sends for one account from both', async () => {
    // Without the resend wait, which alone would let one of them through (next test).
    const [a, b] = await fleet({ resendSeconds: 0 });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => codeSent(i % 2 === 0 ? a : b)));
    expect(sent(a, b)).toBe(5);
    expect(results.filter((x) => x.r.ok)).toHaveLength(5);
    expect(results.filter((x) => !x.r.ok && x.r.error.code === 'throttled')).toHaveLength(35);
    // Both audit chains verify after the burst.
    for (const h of [a, b]) {
      const head = { hash: h.store.getValue(auditHeadKey)!, count: Number(h.store.getValue(auditCountKey)) };
      expect(verifyAudit([`${h.dir}/audit.jsonl`], harnessAuditKey, head)).toMatchObject({ ok: true });
    }
  });

  it('start the resend wait once for an account and number, whichever device asks and however many at once', async () => {
    const [a, b] = await fleet();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => codeSent(i % 2 === 0 ? a : b)));
    expect(sent(a, b)).toBe(1);
    expect(results.filter((x) => x.r.ok)).toHaveLength(1);
    expect(results.filter((x) => !x.r.ok && x.r.error.code === 'throttled')).toHaveLength(19);
    // The other device waits too, even in a new session, until the wait is over.
    const wait = a.deps.config.security.code.resendSeconds * 1000;
    a.clock.advance(wait - 1_000);
    b.clock.advance(wait - 1_000);
    const other = sent(a) === 1 ? b : a;
    expect((await codeSent(other)).r).toMatchObject({ ok: false, error: { code: 'throttled' } });
    a.clock.advance(1_000);
    b.clock.advance(1_000);
    expect((await codeSent(other)).r).toMatchObject({ ok: true });
    expect(sent(a, b)).toBe(2);
  });

  it('give a refused send its slot back', async () => {
    const [a, b] = await fleet();
    a.sms.failing = true;
    for (let i = 0; i < 3; i += 1) {
      expect((await codeSent(a)).r).toMatchObject({ ok: false, error: { code: 'delivery-unavailable' } });
      a.clock.advance(60_000);
    }
    for (let i = 0; i < 5; i += 1) {
      expect((await codeSent(b)).r.ok).toBe(true);
      b.clock.advance(60_000);
    }
    expect((await codeSent(b)).r).toMatchObject({ ok: false, error: { code: 'throttled' } });
  });
});

describe('the fleet in the attendant menu', () => {
  it("shows the fleet's counts beside the device's", async () => {
    const [a, b] = await fleet();
    const ledgers = [a, b].map((h) => new DeviceLedger(h.audit, h.store, h.clock));
    const { v } = await codeSent(a);
    await v.act('code.verify', { code: a.lastCodeTo('+212612345678') });
    expect((await v.act('recovery.password', { password: 'Nouveau#Pass2026', confirm: 'Nouveau#Pass2026' })).ok).toBe(true);
    const beats = [a, b].map((h, i) => {
      const ledger = ledgers[i]!;
      const beat = (): DeviceBeat => ({
        kioskId: h.deps.kioskId, instance: `instance-${i}`, host: 'test', version: '1', startedAt: h.clock.now(), lastSeen: h.clock.now(),
        dayStart: ledger.dayStart(), counts: ledger.today(), faults: ledger.lastErrors(),
      });
      return new Heartbeat(h.shared as PostgresEngine, beat, h.deps.log);
    });
    await beats[0]!.tick();
    const status = await deviceStatus(
      { version: '1', kioskId: 'kiosk-b', backendType: 'embedded', backend: b.backend, delivery: new DeliveryStatus(b.clock), ledger: ledgers[1]!, clock: b.clock, fleet: () => beats[1]!.report() },
      0,
    );
    expect(status.today).toEqual({ enrollments: 0, resets: 0 });
    expect(status.fleet).toEqual({ devices: 2, today: { enrollments: 0, resets: 1 }, duplicates: [] });
  });
});

describe('the database stopped mid-flow', () => {
  it('fails closed (nothing sent, nothing written to the directory, audited locally) and recovers by itself', async () => {
    const [a] = await fleet();
    // A code was sent while the database answered; the visitor reaches the password step.
    const { v } = await codeSent(a);
    await v.act('code.verify', { code: a.lastCodeTo('+212612345678') });
    expect(v.view.step.name).toBe('recovery-password');
    const waiting = a.visitor();
    await waiting.act('home.recover');
    await waiting.act('recovery.identify', { identifier: 'salma.idrissi', captcha: '' });
    await waiting.act('recovery.choose', { option: 'sms' });

    await server.stop();
    try {
      const before = sent(a);
      expect(await waiting.act('recovery.confirm', { value: '0701071074' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(waiting.view.step.name).toBe('unavailable');
      expect(sent(a)).toBe(before);

      const writes = a.backend.calls.length;
      expect(await v.act('recovery.password', { password: 'Nouveau#Pass2026', confirm: 'Nouveau#Pass2026' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(a.backend.calls.slice(writes).filter((c) => c.startsWith('resetPassword'))).toEqual([]);
      expect(await a.embedded.signIn('youssef.alaoui', 'Nouveau#Pass2026')).toEqual({ status: 'invalid' });
      const head = { hash: a.store.getValue(auditHeadKey)!, count: Number(a.store.getValue(auditCountKey)) };
      expect(verifyAudit([`${a.dir}/audit.jsonl`], harnessAuditKey, head)).toMatchObject({ ok: true });
      expect(a.logs.some((l) => l.includes('unavailable'))).toBe(true);
      expect(readFileSync(`${a.dir}/audit.jsonl`, 'utf8').match(/"event":"state.unavailable"/g)).toHaveLength(2);
    } finally {
      await server.start();
    }
    a.clock.advance(60_000);
    const next = await codeSent(a, 'salma.idrissi', '0701071074');
    expect(next.r.ok).toBe(true);
  });
});
