import type { Config } from '../config/schema';
import { SqliteEngine } from '../verify/sqlite-engine';
import { SqliteStateStore } from '../verify/sqlite-state-store';
import type { StateStore } from '../verify/state-store';
import { PostgresEngine } from './postgres-engine';
import type { PostgresSettings } from './postgres-connection';

/**
 * `local` is the device's own file: its audit chain head and daily counts, which must be written even while a
 * shared database is down. `store` holds what limits and secrets depend on: that same file on a device alone,
 * the fleet's database with `state.type: "postgres"` (then `fleet` too, for heartbeats and `fleet status`).
 */
export type OpenedState = { store: StateStore; local: SqliteStateStore; fleet?: PostgresEngine };

export function postgresSettings(config: Config, secrets: Map<string, string>): PostgresSettings {
  const ref = config.state.postgres.connectionString;
  const connectionString = ref === undefined ? undefined : secrets.get(ref.slice('secret:'.length));
  if (connectionString === undefined) throw new Error('state.postgres.connectionString is not set or its secret is missing');
  return { connectionString, caFile: config.state.postgres.caFile, schema: config.state.postgres.schema };
}

/** The store limits and secrets live in, beside the device's own file `local` (opened, and closed, by the caller). */
export async function openState(config: Config, secrets: Map<string, string>, local: SqliteStateStore): Promise<OpenedState> {
  if (config.state.type === 'sqlite') return { store: new SqliteEngine(local), local };
  const fleet = await PostgresEngine.open(postgresSettings(config, secrets));
  return { store: fleet, local, fleet };
}
