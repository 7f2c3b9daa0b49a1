import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { onTestFinished } from 'vitest';

type Callback = (err: Error | null, key: Buffer) => void;

/**
 * Watches node:crypto's scrypt for the rest of the test: how many computations started and the most that ran
 * at once, which says whether Guichet's hashes ran side by side without counting on timings.
 */
export function watchScrypt(): { readonly started: number; readonly peak: number } {
  const original = crypto.scrypt;
  const seen = { started: 0, peak: 0 };
  let active = 0;
  (crypto as { scrypt: unknown }).scrypt = (...args: unknown[]) => {
    const callback = args.pop() as Callback;
    seen.started += 1;
    active += 1;
    seen.peak = Math.max(seen.peak, active);
    (original as (...a: unknown[]) => void)(...args, (err: Error | null, key: Buffer) => {
      active -= 1;
      callback(err, key);
    });
  };
  syncBuiltinESMExports();
  onTestFinished(() => {
    (crypto as { scrypt: unknown }).scrypt = original;
    syncBuiltinESMExports();
  });
  return seen;
}
