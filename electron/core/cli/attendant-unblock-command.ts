import { existsSync } from 'node:fs';
import { clearPinFailures } from '../attendant/attendant-gate';
import { SqliteStateStore } from '../verify/sqlite-state-store';

export type AttendantUnblockIo = { out: (s: string) => void; err: (s: string) => void };

export const attendantUnblockUsage = [
  'usage: guichet attendant unblock --state STATE.sqlite',
  '  Forgets the wrong attendant PINs recorded on this device and lifts the lock they caused. The state file',
  '  belongs to the kiosk\'s account (mode 0600): run it as that account or as an administrator of the device.',
  '',
].join('\n');

/** Exit codes: 0 unblocked, 1 the state file cannot be opened, 2 usage error. */
export async function runAttendantUnblock(argv: readonly string[], io: AttendantUnblockIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    io.out(attendantUnblockUsage);
    return 0;
  }
  let statePath: string | undefined;
  if (rest[0] === '--state' && rest.length === 2) statePath = rest[1];
  else if (rest.length === 1 && rest[0]!.startsWith('--state=')) statePath = rest[0]!.slice('--state='.length);
  if (sub !== 'unblock' || !statePath) {
    io.err(`${sub && sub !== 'unblock' ? `attendant: unknown command ${sub}\n` : ''}${attendantUnblockUsage}`);
    return 2;
  }
  if (!existsSync(statePath)) {
    io.err(`attendant unblock: cannot read ${statePath}\n`);
    return 1;
  }
  const store = new SqliteStateStore(statePath);
  try {
    clearPinFailures(store);
  } finally {
    store.close();
  }
  io.out('attendant PIN unblocked on this device\n');
  return 0;
}
