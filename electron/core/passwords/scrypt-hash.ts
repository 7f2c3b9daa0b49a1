import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';

/** scrypt cost: N = 2^ln, block size r, parallelism p. */
export type ScryptParams = { ln: number; r: number; p: number };

/** OWASP Password Storage Cheat Sheet: N=2^17, r=8, p=1 (about 128 MiB and a quarter second per computation). */
export const owaspScrypt: ScryptParams = { ln: 17, r: 8, p: 1 };

const saltBytes = 16;
const keyBytes = 32;
/** Encoded strings come from a file someone could edit: refuse costs that would exhaust memory or mean nothing. */
const maxMemoryBytes = 1024 * 1024 * 1024;

/**
 * Every scrypt computation (hash, verify, dummy) adds one, so tests can check that unknown
 * accounts cost exactly the same work as known ones.
 */
export const hashWork = { count: 0 };

/**
 * scrypt computations running at once, process-wide. node's scrypt runs on libuv's thread pool (4 threads by
 * default), which the audit log's fsync, file reads and DNS lookups share: one thread is always left to them,
 * and no more run at once than there are cores, since more would only share the same cores (and 128 MiB each).
 */
export const hashConcurrency = Math.max(1, Math.min(availableParallelism(), 3));

let running = 0;
const waiting: Array<() => void> = [];

/** Thrown by a computation whose signal was aborted before it started: no work was done. */
class HashSkipped extends Error {
  constructor() {
    super('scrypt computation skipped');
    this.name = 'HashSkipped';
  }
}

async function slot(signal: AbortSignal | undefined): Promise<void> {
  // A freed slot passes straight to the next waiter, so `running` never exceeds hashConcurrency.
  if (running < hashConcurrency) running += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  if (signal?.aborted) {
    release();
    throw new HashSkipped();
  }
}

function release(): void {
  // After the pending callbacks: the match that just finished aborts its siblings before one of them is started.
  setImmediate(() => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  });
}

function checkParams({ ln, r, p }: ScryptParams): void {
  const ok =
    Number.isInteger(ln) && ln >= 10 && ln <= 22 &&
    Number.isInteger(r) && r >= 1 && r <= 32 &&
    Number.isInteger(p) && p >= 1 && p <= 16 &&
    128 * 2 ** ln * r <= maxMemoryBytes;
  if (!ok) throw new Error(`Unsupported scrypt parameters ln=${ln},r=${r},p=${p}`);
}

/** One scrypt computation, queued behind the others beyond hashConcurrency; skipped if `signal` aborts while queued. */
async function derive(secret: string, salt: Buffer, keyLength: number, { ln, r, p }: ScryptParams, signal?: AbortSignal): Promise<Buffer> {
  const N = 2 ** ln;
  // Node's default ceiling (32 MiB) is below what the OWASP cost needs; leave room for the p blocks.
  const options: ScryptOptions = { N, r, p, maxmem: 128 * r * (N + p) + 1024 * 1024 };
  await slot(signal);
  hashWork.count += 1;
  try {
    return await new Promise((resolve, reject) => {
      scrypt(secret.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
    });
  } finally {
    release();
  }
}

const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');

/** `$scrypt$ln=17,r=8,p=1$<salt>$<key>` (unpadded base64): the string carries its own cost, so the cost can rise later. */
export async function hashSecret(secret: string, params: ScryptParams = owaspScrypt, signal?: AbortSignal): Promise<string> {
  checkParams(params);
  const salt = randomBytes(saltBytes);
  const key = await derive(secret, salt, keyBytes, params, signal);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

type Decoded = { params: ScryptParams; salt: Buffer; key: Buffer };

const encodedPattern = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{22,88})\$([A-Za-z0-9+/]{22,88})$/;

function decode(encoded: string): Decoded {
  const m = encodedPattern.exec(encoded);
  if (!m) throw new Error('Unrecognized password hash format');
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  checkParams(params);
  const salt = Buffer.from(m[4]!, 'base64');
  const key = Buffer.from(m[5]!, 'base64');
  if (salt.length < 16 || key.length < 16 || key.length > 64) throw new Error('Unrecognized password hash format');
  return { params, salt, key };
}

/** Whether `encoded` is a hash this module could have written (what `guichet pin-hash` prints), with sane costs. */
export function isScryptHash(encoded: string): boolean {
  try {
    decode(encoded);
    return true;
  } catch {
    return false;
  }
}

/** Throws only when `encoded` is not a hash this module wrote (a damaged record, not a wrong password). */
export async function verifySecret(secret: string, encoded: string, signal?: AbortSignal): Promise<boolean> {
  const { params, salt, key } = decode(encoded);
  const candidate = await derive(secret, salt, key.length, params, signal);
  return timingSafeEqual(candidate, key);
}

/**
 * Whether `secret` matches any of `hashes`, checked concurrently (newest first in the queue); the first match
 * skips the checks still queued, and aborts `signal`'s controller so work queued with it is skipped too.
 * Throws when a hash is not one this module wrote.
 */
export function matchesAny(secret: string, hashes: readonly string[], controller = new AbortController()): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let pending = hashes.length;
    if (pending === 0) resolve(false);
    for (const encoded of hashes) {
      verifySecret(secret, encoded, controller.signal).then(
        (match) => {
          pending -= 1;
          if (match) {
            controller.abort();
            resolve(true);
          } else if (pending === 0) resolve(false);
        },
        (error: unknown) => {
          pending -= 1;
          if (error instanceof HashSkipped) {
            if (pending === 0) resolve(false);
            return;
          }
          controller.abort();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    }
  });
}

const dummySalt = Buffer.alloc(saltBytes, 0x5a);
const dummyKey = Buffer.alloc(keyBytes);

/** One computation at the same cost as a real verify, for identifiers that match no account. Always false. */
export async function dummyVerify(params: ScryptParams = owaspScrypt): Promise<false> {
  checkParams(params);
  const candidate = await derive('', dummySalt, keyBytes, params);
  timingSafeEqual(candidate, dummyKey);
  return false;
}
