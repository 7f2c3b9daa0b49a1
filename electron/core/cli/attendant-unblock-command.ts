import { existsSync } from 'node:fs';
import os from 'node:os';
import { clearPinFailures } from '../attendant/attendant-gate';
import { formatProblems, loadConfig } from '../config/load-config';
import { resolveConfigSecrets } from '../config/secrets';
import { postgresSettings } from '../state/open-state';
import { PostgresEngine } from '../state/postgres-engine';
import { SqliteEngine } from '../verify/sqlite-engine';
import { SqliteStateStore } from '../verify/sqlite-state-store';
import type { ConfigCheckIo } from './config-check-command';

/** With `state.type: "postgres"` the config (`--config FILE`, or the words before `attendant`) names the database. */
export type AttendantUnblockIo = ConfigCheckIo & { globals?: readonly string[] };

const attendantUnblockUsage = [
  'usage: guichet attendant unblock --state STATE.sqlite [--kiosk-id ID]',
  '       guichet attendant unblock [--config FILE] [--kiosk-id ID]      with state.type "postgres"',
  '  Forgets the wrong attendant PINs recorded for this device and lifts the lock they caused. The state file',
  '  belongs to the kiosk\'s account (mode 0600): run it as that account or as an administrator of the device.',
  '  With state.type "postgres" the failures are in the fleet\'s database, under the device\'s kiosk.id.',
  '  ID is the device\'s kiosk.id (default: the config\'s kiosk.id, else this host\'s name, as the app uses).',
  '',
].join('\n');

/** Exit codes: 0 unblocked, 1 the state file cannot be opened, 2 usage error. */
export async function runAttendantUnblock(argv: readonly string[], io: AttendantUnblockIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    io.out(attendantUnblockUsage);
    return 0;
  }
  const options = parseOptions(rest);
  const statePath = options?.get('--state');
  if (sub === 'unblock' && options && !statePath) return unblockShared(options, io);
  if (sub !== 'unblock' || !statePath) {
    io.err(`${sub && sub !== 'unblock' ? `attendant: unknown command ${sub}\n` : ''}${attendantUnblockUsage}`);
    return 2;
  }
  if (!existsSync(statePath)) {
    io.err(`attendant unblock: cannot read ${statePath}\n`);
    return 1;
  }
  const file = new SqliteStateStore(statePath);
  try {
    await clearPinFailures(new SqliteEngine(file), options!.get('--kiosk-id') ?? os.hostname());
  } finally {
    file.close();
  }
  io.out('attendant PIN unblocked on this device\n');
  return 0;
}

/** Without --state: the failures kept in the fleet's database, under the device's kiosk id. */
async function unblockShared(options: Map<string, string>, io: AttendantUnblockIo): Promise<number> {
  const file = options.get('--config');
  const loaded = loadConfig({ argv: file === undefined ? [...(io.globals ?? [])] : ['--config', file], env: io.env, platform: io.platform, installed: io.installed });
  if (!loaded.ok) {
    for (const line of formatProblems(loaded)) io.err(`${line}\n`);
    return 1;
  }
  const config = loaded.config;
  if (config.state.type !== 'postgres') {
    io.err(`attendant unblock: state.type is "sqlite": give the device's state file with --state\n${attendantUnblockUsage}`);
    return 2;
  }
  const kioskId = options.get('--kiosk-id') ?? config.kiosk.id ?? os.hostname();
  let engine: PostgresEngine;
  try {
    engine = await PostgresEngine.open(postgresSettings(config, await resolveConfigSecrets(config, { env: io.env, keychain: io.keychain })));
  } catch (err) {
    io.err(`attendant unblock: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  try {
    await clearPinFailures(engine, kioskId);
  } finally {
    await engine.close();
  }
  io.out(`attendant PIN unblocked on ${kioskId} (fleet database)\n`);
  return 0;
}

/** `--state PATH`, `--kiosk-id ID` and `--config FILE`, each as two words or as `--name=value`; undefined on anything else. */
function parseOptions(args: readonly string[]): Map<string, string> | undefined {
  const known = new Set(['--state', '--kiosk-id', '--config']);
  const found = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const [name, value] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, args[++i]];
    if (!known.has(name) || found.has(name) || value === undefined) return undefined;
    found.set(name, value);
  }
  return found;
}
