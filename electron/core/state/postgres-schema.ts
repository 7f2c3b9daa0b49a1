import type { ClientBase } from 'pg';

/** One step of the schema: `sql(schema)` runs inside the migration's transaction, as the owner role. */
export type Migration = { version: number; summary: string; sql: (s: string) => string };

/** Ordered and append-only: a deployed step never changes, a change is a new version. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    summary: 'events, values, devices and the reserve function',
    sql: (s) => `
      CREATE TABLE ${s}.meta (name text PRIMARY KEY, value text NOT NULL);
      CREATE TABLE ${s}.events (id bigserial PRIMARY KEY, key text NOT NULL, at bigint NOT NULL);
      CREATE INDEX events_key_at ON ${s}.events (key, at);
      CREATE TABLE ${s}.kv (key text PRIMARY KEY, value text NOT NULL);
      CREATE TABLE ${s}.devices (
        kiosk_id text NOT NULL,
        instance text NOT NULL,
        host text NOT NULL,
        version text NOT NULL,
        started_at bigint NOT NULL,
        last_seen bigint NOT NULL,
        day_start bigint NOT NULL,
        counts jsonb NOT NULL,
        faults jsonb NOT NULL,
        audit_seq bigint,
        audit_head text,
        PRIMARY KEY (kiosk_id, instance)
      );
      CREATE INDEX devices_last_seen ON ${s}.devices (last_seen);
      -- Checks every limit and takes a slot in each window in one statement. The keys are locked (transaction
      -- advisory locks, in a fixed order so two calls cannot deadlock) before counting, so the count and the insert
      -- of one call cannot interleave with another's anywhere in the fleet.
      CREATE FUNCTION ${s}.reserve(p_keys text[], p_max integer[], p_window bigint[], p_until text[], p_at bigint,
                                   OUT taken bigint[], OUT refused integer[], OUT retry_at bigint[])
      LANGUAGE plpgsql SET search_path = ${s}, pg_catalog AS $fn$
      DECLARE
        n bigint; oldest bigint; until_at bigint; new_id bigint;
      BEGIN
        taken := '{}'; refused := '{}'; retry_at := '{}';
        PERFORM pg_advisory_xact_lock(h) FROM (
          SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(p_keys || p_until) AS k ORDER BY 1
        ) AS locks;
        FOR i IN 1 .. coalesce(array_length(p_until, 1), 0) LOOP
          SELECT CASE WHEN value ~ '^[0-9]{1,18}$' THEN value::bigint END INTO until_at FROM kv WHERE key = p_until[i];
          IF until_at > p_at THEN refused := refused || -i; retry_at := retry_at || until_at; END IF;
        END LOOP;
        FOR i IN 1 .. coalesce(array_length(p_keys, 1), 0) LOOP
          SELECT count(*), min(at) INTO n, oldest FROM events WHERE key = p_keys[i] AND at >= p_at - p_window[i] + 1;
          IF n >= p_max[i] THEN refused := refused || i; retry_at := retry_at || (coalesce(oldest, p_at) + p_window[i]); END IF;
        END LOOP;
        IF coalesce(array_length(refused, 1), 0) = 0 THEN
          FOR i IN 1 .. coalesce(array_length(p_keys, 1), 0) LOOP
            INSERT INTO events (key, at) VALUES (p_keys[i], p_at) RETURNING id INTO new_id;
            taken := taken || new_id;
          END LOOP;
        END IF;
      END
      $fn$;
    `,
  },
  {
    version: 2,
    summary: 'audit: every device\'s audit lines, the fleet\'s central copy of its trail; events by time, for their cleanup',
    sql: (s) => `
      -- One row per line as the device wrote it. A kiosk id reused by a second device, or a device whose local
      -- state was lost, writes a second chain under the same id: both are kept (the MAC tells them apart) and
      -- "audit verify --database" reports it, rather than one copy silently replacing the other.
      CREATE TABLE ${s}.audit (
        id bigserial PRIMARY KEY,
        kiosk_id text NOT NULL,
        seq bigint NOT NULL,
        mac text NOT NULL,
        line text NOT NULL,
        UNIQUE (kiosk_id, seq, mac)
      );
      -- Devices delete events older than the longest window on every heartbeat.
      CREATE INDEX events_at ON ${s}.events (at);
    `,
  },
];

/** The schema version this build of Guichet reads and writes. */
export const schemaVersion = migrations.at(-1)!.version;

/** Double-quoted SQL identifier; the schema name is already restricted to [a-z0-9_] by the config. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The version recorded in the database, 0 when the schema or its meta table does not exist yet. */
export async function readSchemaVersion(client: ClientBase, schema: string): Promise<number> {
  const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`${ident(schema)}.meta`]);
  if (!exists.rows[0]?.t) return 0;
  const row = await client.query<{ value: string }>(`SELECT value FROM ${ident(schema)}.meta WHERE name = 'schema_version'`);
  return Number(row.rows[0]?.value ?? 0);
}

/** The database's schema is not the one this build expects: a kiosk is out of service until IT migrates or upgrades. */
export class SchemaMismatchError extends Error {
  constructor(
    readonly found: number,
    readonly expected: number,
  ) {
    super(
      found > expected
        ? `state database schema is version ${found}, newer than version ${expected} of this Guichet: upgrade Guichet on this device`
        : `state database schema is version ${found}, this Guichet needs version ${expected}: run "guichet state migrate" as the owner role`,
    );
    this.name = 'SchemaMismatchError';
  }
}

export type MigrationPlan = { from: number; to: number; steps: { version: number; summary: string }[] };

/**
 * Creates or upgrades the schema as the owner role, in one transaction under an advisory lock so two runs
 * cannot collide (the second waits, then finds nothing left to do). The kiosk role gets only what it needs:
 * SELECT/INSERT/UPDATE/DELETE on the tables, reading the schema version, and the reserve function.
 */
export async function migrate(client: ClientBase, opts: { schema: string; kioskRole: string; dryRun: boolean }): Promise<MigrationPlan> {
  const s = ident(opts.schema);
  const target = schemaVersion;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`guichet.migrate.${opts.schema}`]);
    const from = await readSchemaVersion(client, opts.schema);
    if (from > target) throw new SchemaMismatchError(from, target);
    const pending = migrations.filter((m) => m.version > from && m.version <= target);
    const plan: MigrationPlan = { from, to: pending.at(-1)?.version ?? from, steps: pending.map(({ version, summary }) => ({ version, summary })) };
    if (opts.dryRun) {
      await client.query('ROLLBACK');
      return plan;
    }
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    for (const m of pending) await client.query(m.sql(s));
    if (pending.length > 0) {
      await client.query(`INSERT INTO ${s}.meta (name, value) VALUES ('schema_version', $1) ON CONFLICT (name) DO UPDATE SET value = excluded.value`, [String(plan.to)]);
    }
    const role = ident(opts.kioskRole);
    await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${role}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${role}`);
    await client.query(`REVOKE INSERT, UPDATE, DELETE ON ${s}.meta FROM ${role}`);
    // A device adds its lines and never changes one: an edit would be caught by the MAC, a deletion only at the end.
    if (plan.to >= 2) await client.query(`REVOKE UPDATE, DELETE ON ${s}.audit FROM ${role}`);
    await client.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${s} TO ${role}`);
    await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${s} TO ${role}`);
    await client.query('COMMIT');
    return plan;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
