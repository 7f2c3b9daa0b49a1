import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { hashWork } from '../electron/core/passwords/scrypt-hash';

/**
 * Wall time spent inside scrypt, measured around node:crypto's scrypt itself (every hash, verify and dummy
 * verify of electron/core/passwords/scrypt-hash.ts goes through it), so a request's time can be split into
 * password hashing, whose cost is a security setting, and everything else.
 */
export type HashTimer = {
  /** Wall time so far during which at least one scrypt computation ran, in ms. */
  readonly ms: number;
  readonly count: number;
  /** Throws unless the timer saw every scrypt computation Guichet counted since it was installed. */
  check(): void;
  uninstall(): void;
};

type Callback = (err: Error | null, key: Buffer) => void;

export function installHashTimer(): HashTimer {
  const original = crypto.scrypt;
  const workBefore = hashWork.count;
  let ms = 0;
  let count = 0;
  // Computations run side by side: the time counted is the time at least one of them runs, not their sum.
  let active = 0;
  let busySince = 0;
  const timed = (...args: unknown[]) => {
    const callback = args.pop() as Callback;
    if (active === 0) busySince = performance.now();
    active += 1;
    count += 1;
    (original as (...a: unknown[]) => void)(...args, (err: Error | null, key: Buffer) => {
      active -= 1;
      if (active === 0) ms += performance.now() - busySince;
      callback(err, key);
    });
  };
  (crypto as { scrypt: unknown }).scrypt = timed;
  // ES modules that imported { scrypt } from node:crypto see the wrapper from now on.
  syncBuiltinESMExports();
  return {
    get ms() {
      return ms;
    },
    get count() {
      return count;
    },
    check() {
      // A wrapper that silently missed computations would make "excluding hashing" mean "including hashing".
      const counted = hashWork.count - workBefore;
      if (counted !== count) throw new Error(`the hash timer saw ${count} scrypt computations, Guichet made ${counted}`);
    },
    uninstall() {
      (crypto as { scrypt: unknown }).scrypt = original;
      syncBuiltinESMExports();
    },
  };
}
