import pg from 'pg';
import { PostgresEngine } from '../electron/core/state/postgres-engine';
import { migrate } from '../electron/core/state/postgres-schema';
import { SqliteEngine } from '../electron/core/verify/sqlite-engine';
import { SqliteStateStore } from '../electron/core/verify/sqlite-state-store';
import type { Limit, StateStore } from '../electron/core/verify/state-store';
import { createHarness, type Harness } from '../test/support/broker-harness';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server';
import type { Outcome } from './report';
import { rounded, summarize } from './stats';

export type FleetStateOptions = { reserves: number; devices: number; sendsPerDevice: number };

/** A send's limits, as Throttles reserves them: a block, the account, the destination and the device windows. */
const sendLimits = (i: number): Limit[] => [
  { kind: 'until', key: `bench.block.${i % 50}` },
  { kind: 'window', key: `bench.account.${i % 50}`, max: 1_000_000, windowMs: 3_600_000 },
  { kind: 'window', key: `bench.destination.${i % 50}`, max: 1_000_000, windowMs: 3_600_000 },
  { kind: 'window', key: 'bench.kiosk', max: 1_000_000, windowMs: 3_600_000 },
];

async function timeReserves(store: StateStore, n: number): Promise<number[]> {
  const each: number[] = [];
  for (let i = 0; i < 20; i += 1) await store.reserve(sendLimits(i), Date.now());
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    await store.reserve(sendLimits(i), Date.now());
    each.push(performance.now() - t0);
  }
  return each;
}

async function freshSchema(server: PostgresServer, schema: string): Promise<PostgresEngine> {
  const owner = new pg.Client({ connectionString: server.ownerUrl });
  await owner.connect();
  await migrate(owner, { schema, kioskRole: server.kioskRole, dryRun: false });
  await owner.end();
  return PostgresEngine.open({ connectionString: server.kioskUrl, schema });
}

/** Limits high enough, and no wait between two sends to one number, so every send of the run is allowed: the row measures the store, not a refusal. */
const open = { security: { code: { resendSeconds: 0 }, throttles: { phonePerAccount: { max: 1_000_000, windowMinutes: 60 }, perDestination: { max: 1_000_000, windowMinutes: 60 }, perKioskPerHour: 1_000_000 } } };

/** One send step (recovery.confirm: reserve, code, provider, audit) per iteration, on each device at once. */
async function sendLatencies(devices: Harness[], sends: number): Promise<number[]> {
  const each: number[] = [];
  await Promise.all(
    devices.map(async (h) => {
      for (let i = 0; i < sends; i += 1) {
        const v = h.visitor();
        await v.act('home.recover');
        await v.act('recovery.identify', { identifier: 'youssef.alaoui', captcha: '' });
        await v.act('recovery.choose', { option: 'sms' });
        const t0 = performance.now();
        const r = await v.act('recovery.confirm', { value: '0612345678' });
        each.push(performance.now() - t0);
        if (!r.ok) throw new Error(`send refused during the bench: ${JSON.stringify(r.error)}`);
        h.clock.advance(61_000);
      }
    }),
  );
  return each;
}

/** Row 8: one reservation on PostgreSQL over loopback beside the same on a device's SQLite file. */
export async function reserveLatency(o: FleetStateOptions): Promise<Outcome> {
  const server = await startPostgres();
  const file = new SqliteStateStore(':memory:');
  try {
    const pgStore = await freshSchema(server, 'bench_reserve');
    const onPg = summarize(await timeReserves(pgStore, o.reserves));
    await pgStore.close();
    const onSqlite = summarize(await timeReserves(new SqliteEngine(file), o.reserves));
    return {
      met: onPg.p95 <= 5,
      headline: `p95 ${onPg.p95.toFixed(2)} ms on PostgreSQL (SQLite ${onSqlite.p95.toFixed(3)} ms, ×${(onPg.p95 / onSqlite.p95).toFixed(0)})`,
      figures: [
        { name: 'reserve on PostgreSQL 15, loopback', unit: 'ms', summary: rounded(onPg) },
        { name: 'reserve on SQLite (one device)', unit: 'ms', summary: rounded(onSqlite) },
      ],
      notes: [`${o.reserves} reservations one after the other of a send's four limits (block, account, destination, device), 50 accounts in turn; PostgreSQL started by the bench with fsync off, like the tests.`],
    };
  } finally {
    file.close();
    await server.close();
  }
}

/** Row 9: the send step with 20 devices sharing one database, beside one device alone on SQLite. */
export async function fleetSend(o: FleetStateOptions): Promise<Outcome> {
  const server = await startPostgres();
  const devices: Harness[] = [];
  try {
    for (let i = 0; i < o.devices; i += 1) {
      devices.push(await createHarness(open, { shared: await freshSchemaOnce(server), kioskId: `bench-${i}` }));
    }
    const shared = summarize(await sendLatencies(devices, o.sendsPerDevice));
    const alone = summarize(await sendLatencies([await createHarness(open)], o.sendsPerDevice * 4));
    return {
      met: null,
      headline: `send step p95 ${shared.p95.toFixed(1)} ms with ${o.devices} devices on PostgreSQL (one device on SQLite ${alone.p95.toFixed(1)} ms, ×${(shared.p95 / alone.p95).toFixed(1)})`,
      figures: [
        { name: `send step, ${o.devices} devices sending at once on one PostgreSQL`, unit: 'ms', summary: rounded(shared) },
        { name: 'send step, one device on SQLite', unit: 'ms', summary: rounded(alone) },
      ],
      notes: [`recovery.confirm through the real broker (reserve, code, recording provider, fsynced audit line); each device is its own pool of ${4} connections, all in this one process.`],
    };
  } finally {
    for (const d of devices) await d.shared.close();
    await server.close();
  }
}

let migrated: Promise<void> | undefined;
/** Every device of row 11 on one schema, migrated once. */
async function freshSchemaOnce(server: PostgresServer): Promise<PostgresEngine> {
  migrated ??= freshSchema(server, 'bench_fleet').then((e) => e.close());
  await migrated;
  return PostgresEngine.open({ connectionString: server.kioskUrl, schema: 'bench_fleet' });
}
