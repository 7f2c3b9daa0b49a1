import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../electron/core/config/schema';
import { eventRetentionMs } from '../../../electron/core/state/event-retention';
import { DeskLimits } from '../../../electron/core/attendant/desk-limits';
import { attendantRecoverySection } from '../../../electron/core/config/sections/attendant';
import { PostgresEngine } from '../../../electron/core/state/postgres-engine';
import { migrate, migrations, SchemaMismatchError, schemaVersion } from '../../../electron/core/state/postgres-schema';
import { SqliteEngine } from '../../../electron/core/verify/sqlite-engine';
import { SqliteStateStore } from '../../../electron/core/verify/sqlite-state-store';
import type { Limit, StateStore } from '../../../electron/core/verify/state-store';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';

let server: PostgresServer;
let schemaCount = 0;

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.close();
});

/** A fresh schema per test, migrated as the owner; the store connects as the kiosk role. */
async function freshPostgres(): Promise<StateStore> {
  const schema = `suite_${++schemaCount}`;
  const owner = new pg.Client({ connectionString: server.ownerUrl });
  await owner.connect();
  await migrate(owner, { schema, kioskRole: server.kioskRole, dryRun: false });
  await owner.end();
  return PostgresEngine.open({ connectionString: server.kioskUrl, schema });
}

const engines: [string, () => Promise<StateStore>][] = [
  ['sqlite', async () => new SqliteEngine(new SqliteStateStore(':memory:'))],
  ['postgres', freshPostgres],
];

describe.each(engines)('StateStore on %s', (_name, open) => {
  let store: StateStore;
  beforeEach(async () => {
    store = await open();
    return () => store.close();
  });

  it('counts events in a window and finds the oldest', async () => {
    for (const at of [100, 200, 300]) await store.addEvent('a', at);
    await store.addEvent('b', 250);
    expect(await store.countEvents('a', 150)).toBe(2);
    expect(await store.oldestEvent('a', 150)).toBe(200);
    expect(await store.oldestEvent('a', 301)).toBeUndefined();
    await store.clearEvents('a');
    expect(await store.countEvents('a', 0)).toBe(0);
    expect(await store.countEvents('b', 0)).toBe(1);
  });

  it('keeps values; the first value set-if-absent wins', async () => {
    expect(await store.getValue('k')).toBeUndefined();
    await store.setValue('k', 'one');
    await store.setValue('k', 'two');
    expect(await store.getValue('k')).toBe('two');
    expect(await store.setValueIfAbsent('k', 'three')).toBe('two');
    expect(await store.setValueIfAbsent('new', 'first')).toBe('first');
    await store.deleteValue('k');
    expect(await store.getValue('k')).toBeUndefined();
  });

  it('reserves a slot in every window or in none, and names each refusal', async () => {
    const limits: Limit[] = [
      { kind: 'until', key: 'block' },
      { kind: 'window', key: 'account', max: 2, windowMs: 1000 },
      { kind: 'window', key: 'destination', max: 3, windowMs: 1000 },
    ];
    expect(await store.reserve(limits, 10)).toMatchObject({ ok: true });
    expect(await store.reserve(limits, 20)).toMatchObject({ ok: true });
    expect(await store.reserve(limits, 30)).toEqual({ ok: false, refusals: [{ index: 1, retryAt: 1010 }] });
    // Nothing was taken in the destination window by the refused call.
    expect(await store.countEvents('destination', 0)).toBe(2);
    await store.setValue('block', '5000');
    const refused = await store.reserve(limits, 40);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.refusals).toEqual(expect.arrayContaining([{ index: 0, retryAt: 5000 }, { index: 1, retryAt: 1010 }]));
    expect(await store.reserve(limits, 6000)).toMatchObject({ ok: true });
  });

  it('gives released slots back', async () => {
    const limits: Limit[] = [{ kind: 'window', key: 'x', max: 1, windowMs: 1000 }];
    const first = await store.reserve(limits, 10);
    expect(first.ok).toBe(true);
    expect((await store.reserve(limits, 11)).ok).toBe(false);
    if (first.ok) await store.release(first.taken);
    expect((await store.reserve(limits, 12)).ok).toBe(true);
  });

  it('lets exactly max of 40 parallel reservations through', async () => {
    const limits: Limit[] = [{ kind: 'window', key: 'race', max: 5, windowMs: 60_000 }];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.reserve(limits, 1000 + i)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(await store.countEvents('race', 0)).toBe(5);
  });

  it('gives an account one assisted recovery a day across the fleet, whichever desks verify it at once', async () => {
    const limits = attendantRecoverySection.parse({}).limits;
    const clock = { now: () => 1_000_000 };
    // Two kiosks, two attendants, one store: 20 confirmations of one account race.
    const desks = [new DeskLimits(store, limits, clock), new DeskLimits(store, limits, clock)];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => desks[i % 2]!.reserve({ account: 'account-1', attendant: `attendant-${i % 2}`, kiosk: `kiosk-${i % 2}` })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.scope === 'account')).toHaveLength(19);
  });
});

describe('PostgreSQL schema', () => {
  it('migrates under a lock: two runs at once apply each step once', async () => {
    const schema = 'twice';
    const run = async () => {
      const c = new pg.Client({ connectionString: server.ownerUrl });
      await c.connect();
      try {
        return await migrate(c, { schema, kioskRole: server.kioskRole, dryRun: false });
      } finally {
        await c.end();
      }
    };
    const plans = await Promise.all([run(), run()]);
    expect(plans.map((p) => p.steps.length).sort()).toEqual([0, migrations.length]);
    expect(plans.every((p) => p.to === schemaVersion)).toBe(true);
  });

  it('a dry run changes nothing', async () => {
    const c = new pg.Client({ connectionString: server.ownerUrl });
    await c.connect();
    const plan = await migrate(c, { schema: 'dry', kioskRole: server.kioskRole, dryRun: true });
    await c.end();
    expect(plan).toMatchObject({ from: 0, to: schemaVersion });
    const found = await server.admin(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'dry'`);
    expect(found.rows[0].n).toBe(0);
  });

  it('deletes events older than the longest window, and only those, as each heartbeat does', async () => {
    const store = (await freshPostgres()) as PostgresEngine;
    try {
      const config = configSchema.parse({ security: { throttles: { perDestination: { windowMinutes: 3 * 24 * 60 } } } });
      const retention = eventRetentionMs(config);
      expect(retention).toBe(3 * 24 * 60 * 60_000);
      const now = Date.UTC(2026, 11, 2, 12);
      await store.addEvent('throttle.destination.x', now - retention - 1);
      await store.addEvent('throttle.destination.x', now - retention + 1);
      await store.addEvent('throttle.account.y', now);
      expect(await store.pruneEvents(now - retention)).toBe(1);
      expect(await store.countEvents('throttle.destination.x', 0)).toBe(1);
      expect(await store.countEvents('throttle.account.y', 0)).toBe(1);
      // With the defaults, no window is longer than a day.
      expect(eventRetentionMs(configSchema.parse({}))).toBe(24 * 60 * 60_000);
    } finally {
      await store.close();
    }
  });

  it('the kiosk role cannot change the schema or its version', async () => {
    const store = await freshPostgres();
    await store.close();
    const schema = `suite_${schemaCount}`;
    const kiosk = new pg.Client({ connectionString: server.kioskUrl });
    await kiosk.connect();
    await expect(kiosk.query(`CREATE TABLE ${schema}.intruder (x int)`)).rejects.toThrow(/permission denied/);
    await expect(kiosk.query(`UPDATE ${schema}.meta SET value = '99'`)).rejects.toThrow(/permission denied/);
    await expect(kiosk.query(`DROP TABLE ${schema}.events`)).rejects.toThrow(/must be owner/);
    await kiosk.end();
  });

  it('a kiosk refuses a schema one version ahead, or not yet migrated, naming both versions', async () => {
    const store = await freshPostgres();
    await store.close();
    const schema = `suite_${schemaCount}`;
    await server.admin(`UPDATE ${schema}.meta SET value = $1 WHERE name = 'schema_version'`, [String(schemaVersion + 1)]);
    const ahead = PostgresEngine.open({ connectionString: server.kioskUrl, schema });
    await expect(ahead).rejects.toBeInstanceOf(SchemaMismatchError);
    await expect(ahead).rejects.toThrow(`version ${schemaVersion + 1}, newer than version ${schemaVersion}`);
    await expect(PostgresEngine.open({ connectionString: server.kioskUrl, schema: 'never_migrated' })).rejects.toThrow(`version 0, this Guichet needs version ${schemaVersion}`);
  });
});
