import pg from 'pg';
import { type Limit, type Reservation, type StateStore, StateUnavailableError } from '../verify/state-store';
import { describeTarget, poolConfig, type PostgresSettings } from './postgres-connection';
import { ident, readSchemaVersion, SchemaMismatchError, schemaVersion } from './postgres-schema';
import type { DeviceBeat, DeviceRow } from './fleet';

/** One audit line in the fleet's copy. */
export type AuditRow = { seq: number; mac: string; line: string };

/** SQLSTATEs that say "the database is not there right now", as opposed to a bug in a query. */
const unavailableStates = /^(08|53|57P|58|40001|40P01|25006|3D000|28)/;

/**
 * The fleet's StateStore (`state.type: "postgres"`): limits, blocks and install secrets shared by every device,
 * per-device rows keyed by kiosk id. Every failure to reach the server becomes a StateUnavailableError, which the
 * flows answer with the unavailable screen; the pool reconnects on its own once the server answers again.
 */
export class PostgresEngine implements StateStore {
  readonly #pool: pg.Pool;
  readonly #s: string;
  readonly target: string;

  private constructor(settings: PostgresSettings) {
    const config = poolConfig(settings);
    this.#pool = new pg.Pool(config);
    // An idle client whose server went away emits here; without a listener the process would crash.
    this.#pool.on('error', () => undefined);
    this.#s = ident(settings.schema);
    this.target = describeTarget(config);
  }

  /**
   * Connects and checks the schema version: a device never runs against a schema it was not built for, older
   * or newer. Throws SchemaMismatchError naming both versions, StateUnavailableError if the server does not answer.
   */
  static async open(settings: PostgresSettings): Promise<PostgresEngine> {
    const engine = new PostgresEngine(settings);
    try {
      const found = await engine.#run((c) => readSchemaVersion(c, settings.schema));
      if (found !== schemaVersion) throw new SchemaMismatchError(found, schemaVersion);
      return engine;
    } catch (err) {
      await engine.close();
      throw err;
    }
  }

  /** Without the version check: `guichet state check` reports what it finds. */
  static unchecked(settings: PostgresSettings): PostgresEngine {
    return new PostgresEngine(settings);
  }

  async addEvent(key: string, at: number): Promise<void> {
    await this.#query(`INSERT INTO ${this.#s}.events (key, at) VALUES ($1, $2)`, [key, at]);
  }

  async countEvents(key: string, since: number): Promise<number> {
    const r = await this.#query<{ n: string }>(`SELECT count(*) AS n FROM ${this.#s}.events WHERE key = $1 AND at >= $2`, [key, since]);
    return Number(r.rows[0]?.n ?? 0);
  }

  async oldestEvent(key: string, since: number): Promise<number | undefined> {
    const r = await this.#query<{ at: string | null }>(`SELECT min(at) AS at FROM ${this.#s}.events WHERE key = $1 AND at >= $2`, [key, since]);
    const at = r.rows[0]?.at;
    return at === null || at === undefined ? undefined : Number(at);
  }

  async clearEvents(key: string): Promise<void> {
    await this.#query(`DELETE FROM ${this.#s}.events WHERE key = $1`, [key]);
  }

  async getValue(key: string): Promise<string | undefined> {
    const r = await this.#query<{ value: string }>(`SELECT value FROM ${this.#s}.kv WHERE key = $1`, [key]);
    return r.rows[0]?.value;
  }

  async setValue(key: string, value: string): Promise<void> {
    await this.#query(`INSERT INTO ${this.#s}.kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value]);
  }

  async setValueIfAbsent(key: string, value: string): Promise<string> {
    // The no-op update makes RETURNING give the row that won when another device inserted first.
    const r = await this.#query<{ value: string }>(
      `INSERT INTO ${this.#s}.kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = ${this.#s}.kv.value RETURNING value`,
      [key, value],
    );
    return r.rows[0]!.value;
  }

  async deleteValue(key: string): Promise<void> {
    await this.#query(`DELETE FROM ${this.#s}.kv WHERE key = $1`, [key]);
  }

  async reserve(limits: readonly Limit[], at: number): Promise<Reservation> {
    const windows = limits.flatMap((l, index) => (l.kind === 'window' ? [{ ...l, index }] : []));
    const untils = limits.flatMap((l, index) => (l.kind === 'until' ? [{ ...l, index }] : []));
    const r = await this.#query<{ taken: string[]; refused: number[]; retry_at: string[] }>(`SELECT taken, refused, retry_at FROM ${this.#s}.reserve($1, $2, $3, $4, $5)`, [
      windows.map((w) => w.key),
      windows.map((w) => w.max),
      windows.map((w) => w.windowMs),
      untils.map((u) => u.key),
      at,
    ]);
    const row = r.rows[0]!;
    if (row.refused.length === 0) return { ok: true, taken: row.taken.map(String) };
    // The function numbers windows 1.. and blocks -1..; map both back to the caller's list.
    const refusals = row.refused.map((n, i) => ({ index: n > 0 ? windows[n - 1]!.index : untils[-n - 1]!.index, retryAt: Number(row.retry_at[i]) }));
    return { ok: false, refusals };
  }

  async release(taken: readonly string[]): Promise<void> {
    if (taken.length === 0) return;
    await this.#query(`DELETE FROM ${this.#s}.events WHERE id = ANY($1::bigint[])`, [taken]);
  }

  /** Deletes events older than `before` (no window looks that far back), a bounded batch at a time; returns how many. */
  async pruneEvents(before: number): Promise<number> {
    const r = await this.#query(`DELETE FROM ${this.#s}.events WHERE id IN (SELECT id FROM ${this.#s}.events WHERE at < $1 LIMIT 10000)`, [before]);
    return r.rowCount ?? 0;
  }

  async ping(): Promise<void> {
    await this.#query('SELECT 1');
  }

  /** This device's row: one per running instance, so two live devices with one kiosk id show up as two rows. */
  async heartbeat(beat: DeviceBeat): Promise<void> {
    await this.#query(
      `INSERT INTO ${this.#s}.devices (kiosk_id, instance, host, version, started_at, last_seen, day_start, counts, faults, audit_seq, audit_head)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (kiosk_id, instance) DO UPDATE SET host = excluded.host, version = excluded.version, last_seen = excluded.last_seen,
         day_start = excluded.day_start, counts = excluded.counts, faults = excluded.faults, audit_seq = excluded.audit_seq, audit_head = excluded.audit_head`,
      [beat.kioskId, beat.instance, beat.host, beat.version, beat.startedAt, beat.lastSeen, beat.dayStart, JSON.stringify(beat.counts), JSON.stringify(beat.faults), beat.audit?.seq ?? null, beat.audit?.head ?? null],
    );
  }

  /** Every device row seen since `since`, newest first. */
  async devices(since: number): Promise<DeviceRow[]> {
    const r = await this.#query<Record<string, unknown>>(
      `SELECT kiosk_id, instance, host, version, started_at, last_seen, day_start, counts, faults, audit_seq FROM ${this.#s}.devices WHERE last_seen >= $1 ORDER BY last_seen DESC`,
      [since],
    );
    return r.rows.map((row) => ({
      kioskId: String(row.kiosk_id),
      instance: String(row.instance),
      host: String(row.host),
      version: String(row.version),
      startedAt: Number(row.started_at),
      lastSeen: Number(row.last_seen),
      dayStart: Number(row.day_start),
      counts: row.counts as DeviceRow['counts'],
      faults: row.faults as DeviceRow['faults'],
      auditSeq: row.audit_seq === null ? null : Number(row.audit_seq),
    }));
  }

  /** Adds a device's audit lines to the fleet's copy; a line already there (a retry) is skipped. */
  async insertAudit(kioskId: string, lines: readonly AuditRow[]): Promise<void> {
    if (lines.length === 0) return;
    await this.#query(
      `INSERT INTO ${this.#s}.audit (kiosk_id, seq, mac, line) SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[]) ON CONFLICT (kiosk_id, seq, mac) DO NOTHING`,
      [kioskId, lines.map((l) => l.seq), lines.map((l) => l.mac), lines.map((l) => l.line)],
    );
  }

  /** Every kiosk id with lines in the fleet's copy. */
  async auditKiosks(): Promise<string[]> {
    const r = await this.#query<{ kiosk_id: string }>(`SELECT DISTINCT kiosk_id FROM ${this.#s}.audit ORDER BY 1`);
    return r.rows.map((row) => row.kiosk_id);
  }

  /** One device's lines in chain order; lines of a second chain under the same id sort beside their seq. */
  async auditLines(kioskId: string): Promise<AuditRow[]> {
    const r = await this.#query<{ seq: string; mac: string; line: string }>(`SELECT seq, mac, line FROM ${this.#s}.audit WHERE kiosk_id = $1 ORDER BY seq, id`, [kioskId]);
    return r.rows.map((row) => ({ seq: Number(row.seq), mac: row.mac, line: row.line }));
  }

  /**
   * Per kiosk id, the newest line its heartbeats said was copied to the audit table: rows must reach it, so
   * lines cut from the end of the copy show up.
   */
  async auditHeads(): Promise<Map<string, { seq: number; mac: string }>> {
    const r = await this.#query<{ kiosk_id: string; audit_seq: string; audit_head: string }>(
      `SELECT DISTINCT ON (kiosk_id) kiosk_id, audit_seq, audit_head FROM ${this.#s}.devices WHERE audit_seq IS NOT NULL AND audit_head IS NOT NULL ORDER BY kiosk_id, audit_seq DESC`,
    );
    return new Map(r.rows.map((row) => [row.kiosk_id, { seq: Number(row.audit_seq), mac: row.audit_head }]));
  }

  /** Runs `work` on one pooled client: for `state check`, which asks several questions in a row. */
  async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.#run(work);
  }

  async close(): Promise<void> {
    await this.#pool.end().catch(() => undefined);
  }

  async #query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.#run((c) => c.query<R>(text, values));
  }

  async #run<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (err) {
      throw unavailable(err, this.target);
    }
    try {
      const result = await work(client);
      client.release();
      return result;
    } catch (err) {
      // A client that failed mid-query may be broken: drop it rather than hand it to the next visitor.
      client.release(true);
      if (err instanceof SchemaMismatchError) throw err;
      throw isUnavailable(err) ? unavailable(err, this.target) : err;
    }
  }
}

function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return unavailableStates.test(code) || /^E[A-Z]+$/.test(code);
  // pg reports a lost connection or a timeout as a plain Error.
  return err instanceof Error && /timeout|terminat|Connection|ECONN|socket/i.test(err.message);
}

function unavailable(err: unknown, target: string): StateUnavailableError {
  const why = err instanceof Error ? err.message : String(err);
  return new StateUnavailableError(`state database ${target} unavailable: ${why}`, { cause: err });
}
