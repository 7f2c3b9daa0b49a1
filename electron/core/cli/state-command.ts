import { parseArgs } from 'node:util';
import type { ConfigCheckIo } from './config-check-command';
import { formatProblems, loadConfig } from '../config/load-config';
import type { Config } from '../config/schema';
import { resolveConfigSecrets, resolveSecret } from '../config/secrets';
import { fleetReport, formatFleetReport, dayMs } from '../state/fleet';
import { postgresSettings } from '../state/open-state';
import { PostgresEngine } from '../state/postgres-engine';
import { migrate, readSchemaVersion, schemaVersion } from '../state/postgres-schema';

/** What `config check` needs to read the config as the app would, and a clock for the fleet report. */
export type StateCommandIo = ConfigCheckIo & { now?: () => number };

export const stateUsage = [
  'usage: guichet state migrate [--dry-run] [--kiosk-role NAME] [--connection secret:NAME] [--config FILE]',
  '         creates or upgrades the shared schema, as the owner role (default: the config\'s connection string),',
  '         under an advisory lock; grants the kiosk role (default guichet_kiosk) only row access',
  '       guichet state check [--config FILE]      read-only: schema version, the role\'s rights, round-trip time',
  '       guichet fleet status [--json] [--config FILE]   every device seen in the last day',
  '',
].join('\n');

type Parsed = { config: Config; values: Record<string, string | boolean | undefined> };

async function load(globals: readonly string[], argv: readonly string[], io: StateCommandIo, options: Record<string, { type: 'string' | 'boolean' }>): Promise<Parsed | number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { config: { type: 'string' }, ...options } });
  } catch (err) {
    io.err(`${(err as Error).message}\n${stateUsage}`);
    return 2;
  }
  const values = parsed.values as Parsed['values'];
  const file = values.config as string | undefined;
  const loaded = loadConfig({ argv: file === undefined ? [...globals] : ['--config', file], env: io.env, platform: io.platform, installed: io.installed });
  if (!loaded.ok) {
    for (const line of formatProblems(loaded)) io.out(`${line}\n`);
    return 1;
  }
  if (loaded.config.state.type !== 'postgres') {
    io.err('state.type is "sqlite": this device keeps its state alone, there is no shared database to migrate, check or list\n');
    return 1;
  }
  return { config: loaded.config, values };
}

export async function runStateCommand(globals: readonly string[], rest: readonly string[], io: StateCommandIo): Promise<number> {
  const [sub, ...argv] = rest;
  if (sub === 'migrate') return migrateCommand(globals, argv, io);
  if (sub === 'check') return checkCommand(globals, argv, io);
  io.err(`${sub ? `state: unknown command ${sub}` : 'state: migrate or check?'}\n${stateUsage}`);
  return 2;
}

async function migrateCommand(globals: readonly string[], argv: readonly string[], io: StateCommandIo): Promise<number> {
  const loaded = await load(globals, argv, io, { 'dry-run': { type: 'boolean' }, 'kiosk-role': { type: 'string' }, connection: { type: 'string' } });
  if (typeof loaded === 'number') return loaded;
  const { config, values } = loaded;
  const settings = postgresSettings(config, await resolveConfigSecrets(config, { env: io.env, keychain: io.keychain }));
  if (typeof values.connection === 'string') settings.connectionString = await resolveSecret(values.connection, { env: io.env, keychain: io.keychain });
  const engine = PostgresEngine.unchecked(settings);
  try {
    const dryRun = values['dry-run'] === true;
    const plan = await engine.withClient((c) => migrate(c, { schema: settings.schema, kioskRole: String(values['kiosk-role'] ?? 'guichet_kiosk'), dryRun }));
    for (const step of plan.steps) io.out(`${dryRun ? 'would apply' : 'applied'} version ${step.version}: ${step.summary}\n`);
    io.out(plan.steps.length === 0 ? `schema "${settings.schema}" is at version ${plan.from}, nothing to do\n` : `schema "${settings.schema}": version ${plan.from} → ${plan.to}${dryRun ? ' (dry run, nothing changed)' : ''}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}

async function checkCommand(globals: readonly string[], argv: readonly string[], io: StateCommandIo): Promise<number> {
  const loaded = await load(globals, argv, io, {});
  if (typeof loaded === 'number') return loaded;
  const settings = postgresSettings(loaded.config, await resolveConfigSecrets(loaded.config, { env: io.env, keychain: io.keychain }));
  const engine = PostgresEngine.unchecked(settings);
  try {
    return await engine.withClient(async (c) => {
      const s = settings.schema;
      const who = await c.query<{ user: string; tls: boolean | null }>('SELECT current_user AS user, (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS tls');
      io.out(`connected: ${engine.target} as ${who.rows[0]!.user}${who.rows[0]!.tls ? ', TLS' : ', no TLS (loopback)'}\n`);
      const found = await readSchemaVersion(c, s);
      io.out(`schema "${s}": version ${found}, this Guichet needs ${schemaVersion}${found === schemaVersion ? '' : found > schemaVersion ? ' (upgrade Guichet)' : ' (run guichet state migrate)'}\n`);
      const rights = await c.query<{ table: string; rights: string }>(
        `SELECT c.relname AS table, concat_ws(',', CASE WHEN has_table_privilege(c.oid, 'SELECT') THEN 'SELECT' END, CASE WHEN has_table_privilege(c.oid, 'INSERT') THEN 'INSERT' END,
                CASE WHEN has_table_privilege(c.oid, 'UPDATE') THEN 'UPDATE' END, CASE WHEN has_table_privilege(c.oid, 'DELETE') THEN 'DELETE' END) AS rights
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 1`,
        [s],
      );
      for (const r of rights.rows) io.out(`  ${r.table}: ${r.rights || 'no rights'}\n`);
      const create = await c.query<{ can: boolean }>(`SELECT has_schema_privilege(current_user, $1, 'CREATE') AS can`, [s]).catch(() => ({ rows: [{ can: false }] }));
      if (create.rows[0]?.can) io.out('  warning: this role can change the schema; kiosks should use a role with row rights only\n');
      const times: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const t0 = performance.now();
        await c.query('SELECT 1');
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      io.out(`round trip: ${times[2]!.toFixed(2)} ms (median of 5)\n`);
      return found === schemaVersion ? 0 : 1;
    });
  } finally {
    await engine.close();
  }
}

export async function runFleetCommand(globals: readonly string[], rest: readonly string[], io: StateCommandIo): Promise<number> {
  const [sub, ...argv] = rest;
  if (sub !== 'status') {
    io.err(`${sub ? `fleet: unknown command ${sub}` : 'fleet: status?'}\n${stateUsage}`);
    return 2;
  }
  const loaded = await load(globals, argv, io, { json: { type: 'boolean' } });
  if (typeof loaded === 'number') return loaded;
  const engine = await PostgresEngine.open(postgresSettings(loaded.config, await resolveConfigSecrets(loaded.config, { env: io.env, keychain: io.keychain })));
  try {
    const now = (io.now ?? Date.now)();
    const report = fleetReport(await engine.devices(now - dayMs), now);
    if (loaded.values.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
    else for (const line of formatFleetReport(report)) io.out(`${line}\n`);
    // Two live devices with one id mix their counts and limits: an error IT must fix.
    return report.duplicates.length > 0 ? 1 : 0;
  } finally {
    await engine.close();
  }
}
