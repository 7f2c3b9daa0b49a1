import { owaspScrypt, type ScryptParams } from '../electron/core/passwords/scrypt-hash';

/** The lowest cost scrypt-hash.ts accepts (1 MiB, about 2 ms): what the test harness uses too. */
export const benchScrypt: ScryptParams = { ln: 10, r: 8, p: 1 };

/** The shipped cost, copied before anything lowers it. */
export const shippedScrypt: ScryptParams = { ...owaspScrypt };

/**
 * Makes the default scrypt cost the bench's until the returned function is called. The configuration has no
 * key for the embedded directory's hash cost (it is a security choice, not a setting), and a thousand
 * password resets at the shipped cost would take most of an hour; hashing is timed apart anyway
 * (hash-timer.ts), and its shipped cost is measured on its own.
 */
export function lowerDefaultScryptCost(): () => void {
  const saved = { ...owaspScrypt };
  Object.assign(owaspScrypt, benchScrypt);
  return () => void Object.assign(owaspScrypt, saved);
}
