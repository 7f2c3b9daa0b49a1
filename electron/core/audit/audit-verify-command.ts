import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblems, loadConfig } from '../config/load-config';
import { resolveSecret, type Keychain } from '../config/secrets';
import { SqliteStateStore } from '../verify/sqlite-state-store';
import { exportDeviceKey, resolveAuditKey } from './audit-key';
import { auditCountKey, auditHeadKey, rotatedFiles } from './audit-log';
import { verifyAudit, type AuditHead } from './audit-verify';

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
  '  Checks the keyed chain of the files given, in any order, and of the rotated files found beside them',
  '  (AUDIT.000001.jsonl, ...). A file that starts with its header verifies on its own ("continues from ...").',
  '  --key    the chain key, from this OS user\'s keychain or GUICHET_SECRET_NAME (default: audit.key of the',
  '           config the app would use, else this device\'s own key)',
  '  --state  the state store of the same kiosk: also checks that no line is missing at the end.',
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
  const loaded = loadConfig({ argv: [...(io.globals ?? [])], env: io.env, platform: io.platform, installed: io.installed });
  if (!loaded.ok) throw new Error(`the config cannot be read (give --key secret:NAME):\n${formatProblems(loaded).join('\n')}`);
  return resolveAuditKey(loaded.config, { env: io.env, keychain: io.keychain });
}

/**
 * `audit verify` for both the npm script and the app's command line. Exit codes: 0 the chain holds,
 * 1 it is broken, 2 the command could not run (usage, unreadable file, no key).
 */
export async function runAuditVerify(argv: readonly string[], io: AuditCommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { key: { type: 'string' }, state: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    return fail(io.out, (err as Error).message);
  }
  const { values, positionals: files } = parsed;
  if (values.help) {
    io.out.write(usage);
    return 0;
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
