import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { hashWork } from '../electron/core/passwords/scrypt-hash';

/**
 * Wall time spent inside scrypt, measured around node:crypto's scrypt itself (every hash, verify and dummy
 * verify of electron/core/passwords/scrypt-hash.ts goes through it), so a request's time can be split into
 * password hashing, whose cost is a security setting, and everything else.
 */
export type HashTimer = {
  /** Total scrypt wall time so far, in ms. */
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
  const timed = (...args: unknown[]) => {
    const callback = args.pop() as Callback;
    const started = performance.now();
    count += 1;
    (original as (...a: unknown[]) => void)(...args, (err: Error | null, key: Buffer) => {
      ms += performance.now() - started;
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
