import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblems, loadConfig } from '../config/load-config';
import type { Config } from '../config/schema';
import { resolveConfigSecrets, resolveSecret, type Keychain } from '../config/secrets';
import { postgresSettings } from '../state/open-state';
import { PostgresEngine } from '../state/postgres-engine';
import { SqliteStateStore } from '../verify/sqlite-state-store';
import { exportDeviceKey, resolveAuditKey } from '../audit/audit-key';
import { auditCountKey, auditHeadKey, rotatedFiles } from '../audit/audit-log';
import { verifyAudit, type AuditHead } from '../audit/audit-verify';
import { verifyDatabaseAudit } from '../audit/audit-verify-database';

export type AuditCommandIo = {
  out: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  installed: boolean;
  /** The words before `audit` (where `--config FILE` may stand): the config whose `audit.key` is used. */
  globals?: readonly string[];
  keychain?: Keychain;
};

const usage = [
  'usage: audit verify [--key secret:NAME] [--state STATE.sqlite] AUDIT.jsonl...',
  '       audit verify --database [--key secret:NAME] [--config FILE]',
  '  Checks the keyed chain of the files given, in any order, and of the rotated files found beside them',
  '  (AUDIT.000001.jsonl, ...). A file that starts with its header verifies on its own ("continues from ...").',
  '  --key    the chain key, from this OS user\'s keychain or GUICHET_SECRET_NAME (default: audit.key of the',
  '           config the app would use, else this device\'s own key)',
  '  --state  the state store of the same kiosk: also checks that no line is missing at the end.',
  '  --database  every device\'s chain in the fleet\'s audit table (state.type "postgres" of the config), each',
  '           up to the newest line its heartbeats said the table held.',
  '',
].join('\n');

function readHead(statePath: string): AuditHead | undefined {
  const store = new SqliteStateStore(statePath, { readonly: true });
  try {
    const hash = store.getValue(auditHeadKey);
    const count = Number(store.getValue(auditCountKey));
    return hash !== undefined && Number.isSafeInteger(count) ? { hash, count } : undefined;
  } finally {
    store.close();
  }
}

/** The chain key as the app finds it, or `--key`. Throws with a message for IT when there is none. */
async function auditKeyFor(keyRef: string | undefined, io: AuditCommandIo): Promise<string> {
  if (keyRef !== undefined) return resolveSecret(keyRef, { env: io.env, keychain: io.keychain });
  return resolveAuditKey(configFor(io, undefined), { env: io.env, keychain: io.keychain });
}

/** The config the app would use, or `--config FILE`; throws with its problems. */
function configFor(io: AuditCommandIo, file: string | undefined): Config {
  const loaded = loadConfig({ argv: file === undefined ? [...(io.globals ?? [])] : ['--config', file], env: io.env, platform: io.platform, installed: io.installed });
  if (!loaded.ok) throw new Error(`the config cannot be read (give --key secret:NAME):\n${formatProblems(loaded).join('\n')}`);
  return loaded.config;
}

/** `audit verify --database`: one line per device of the fleet's audit table; 1 when any chain is broken. */
async function verifyDatabase(keyRef: string | undefined, configFile: string | undefined, io: AuditCommandIo): Promise<number> {
  const config = configFor(io, configFile);
  if (config.state.type !== 'postgres') return fail(io.out, '--database: state.type is not "postgres", there is no shared audit table');
  const key = keyRef !== undefined ? await resolveSecret(keyRef, { env: io.env, keychain: io.keychain }) : await resolveAuditKey(config, { env: io.env, keychain: io.keychain });
  const engine = await PostgresEngine.open(postgresSettings(config, await resolveConfigSecrets(config, { env: io.env, keychain: io.keychain })));
  try {
    const results = await verifyDatabaseAudit(engine, key);
    if (results.length === 0) io.out.write('no device has copied an audit line to the database yet\n');
    for (const { kioskId, verdict, seq, lastSeq } of results) {
      if (verdict.ok) io.out.write(`${kioskId}: OK: ${verdict.lines} lines (up to seq ${lastSeq})\n`);
      else io.out.write(`${kioskId}: BROKEN: ${seq === undefined ? `after seq ${lastSeq}` : `seq ${seq}`}: ${verdict.problem}${verdict.problem === 'key' ? ' (no line carries a MAC of this key)' : ''}\n`);
    }
    return results.every((r) => r.verdict.ok) ? 0 : 1;
  } finally {
    await engine.close();
  }
}

/**
 * `audit verify` for both the npm script and the app's command line. Exit codes: 0 the chain holds,
 * 1 it is broken, 2 the command could not run (usage, unreadable file, no key).
 */
export async function runAuditVerify(argv: readonly string[], io: AuditCommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { key: { type: 'string' }, state: { type: 'string' }, database: { type: 'boolean' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    return fail(io.out, (err as Error).message);
  }
  const { values, positionals: files } = parsed;
  if (values.help) {
    io.out.write(usage);
    return 0;
  }
  if (values.database) {
    if (files.length > 0 || values.state !== undefined) return fail(io.out, '--database checks the shared table: give no file and no --state');
    try {
      return await verifyDatabase(values.key, values.config, io);
    } catch (error) {
      return fail(io.out, error instanceof Error ? error.message : String(error));
    }
  }
  const statePath = values.state;
  if (files.length === 0) return fail(io.out, 'no audit file given');
  for (const file of [...files, ...(statePath ? [statePath] : [])]) {
    if (!existsSync(file)) return fail(io.out, `cannot read ${file}`);
  }

  try {
    const key = await auditKeyFor(values.key, io);
    const head = statePath === undefined ? undefined : readHead(statePath);
    if (statePath !== undefined && head === undefined) io.out.write(`note: ${statePath} records no audit head; the end of the log is not checked\n`);
    const chain = new Map<string, string>();
    for (const file of files.flatMap((f) => [...rotatedFiles(f), f])) if (!chain.has(resolve(file))) chain.set(resolve(file), file);
    const verdict = verifyAudit([...chain.values()], key, head);
    if (verdict.ok) {
      io.out.write(`OK: ${verdict.lines} lines${verdict.from ? ` (continues from ${verdict.from.file} seq ${verdict.from.seq})` : ''}\n`);
      return 0;
    }
    io.out.write(`BROKEN: ${verdict.file} line ${verdict.line}: ${verdict.problem}${verdict.problem === 'key' ? ' (no line carries a MAC of this key: another key, or a log re-chained without it)' : ''}\n`);
    return 1;
  } catch (error) {
    return fail(io.out, error instanceof Error ? error.message : String(error));
  }
}

function fail(out: { write(text: string): unknown }, message: string): number {
  out.write(`${message}\n${usage}`);
  return 2;
}

/** `guichet audit key export`, with the config the app would use. */
export async function runAuditKeyExport(io: AuditCommandIo, err: (s: string) => void): Promise<number> {
  const loaded = loadConfig({ argv: [...(io.globals ?? [])], env: io.env, platform: io.platform, installed: io.installed });
  if (!loaded.ok) {
    err(`audit key export: the config cannot be read:\n${formatProblems(loaded).join('\n')}\n`);
    return 1;
  }
  return exportDeviceKey(loaded.config, { env: io.env, keychain: io.keychain, out: (s) => void io.out.write(s), err, now: Date.now });
}
