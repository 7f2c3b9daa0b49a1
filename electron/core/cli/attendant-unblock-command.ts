import { existsSync } from 'node:fs';
import os from 'node:os';
import { clearPinFailures } from '../attendant/attendant-gate';
import { SqliteEngine } from '../verify/sqlite-engine';
import { SqliteStateStore } from '../verify/sqlite-state-store';

export type AttendantUnblockIo = { out: (s: string) => void; err: (s: string) => void };

const attendantUnblockUsage = [
  'usage: guichet attendant unblock --state STATE.sqlite [--kiosk-id ID]',
  '  Forgets the wrong attendant PINs recorded on this device and lifts the lock they caused. The state file',
  '  belongs to the kiosk\'s account (mode 0600): run it as that account or as an administrator of the device.',
  '  ID is the device\'s kiosk.id (default: this host\'s name, as the app uses without one).',
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

/** `--state PATH` and `--kiosk-id ID`, each as two words or as `--name=value`; undefined on anything else. */
function parseOptions(args: readonly string[]): Map<string, string> | undefined {
  const known = new Set(['--state', '--kiosk-id']);
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
