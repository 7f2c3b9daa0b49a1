import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock';

/** What a code is for: it only proves possession of this destination, for this account, in this session. */
export type CodeBinding = { session: string; account: string; channel: 'sms' | 'voice' | 'email'; destination: string };

export type Challenge = {
  binding: CodeBinding;
  /** HMAC-SHA256 (hex) of the binding and the code; the code itself is never kept. */
  hash: string;
  issuedAt: number;
  expiresAt: number;
  /** Wrong entries so far, binding mismatches included. */
  attempts: number;
  state: 'live' | 'used' | 'dead';
};

export type CodeCheck = 'ok' | 'wrong' | 'expired' | 'dead' | 'mismatch';

export type CodeServiceOptions = { key: Buffer; length: number; ttlMs: number; maxAttempts: number; clock: Clock };

const minLength = 6; // 6 decimal digits ≈ 20 bits, the ASVS 6.5 floor
const maxLength = 12;

/** Kiosks in Arabic may get Arabic-Indic or Eastern Arabic-Indic digits from the keyboard; they are the same digits. */
function normalizeDigits(input: string): string {
  return input
    .replace(/\s+/g, '')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

function sameBinding(a: CodeBinding, b: CodeBinding): boolean {
  return a.session === b.session && a.account === b.account && a.channel === b.channel && a.destination === b.destination;
}

/**
 * One-time verification codes. A challenge is a plain value the caller keeps in its session; `check`
 * mutates it (attempts, state). There is no registry of live codes here: issuing a new code is how the
 * caller invalidates the old one, by keeping only the newest challenge and dropping the previous.
 */
export class CodeService {
  readonly #key: Buffer;
  readonly #length: number;
  readonly #ttlMs: number;
  readonly #maxAttempts: number;
  readonly #clock: Clock;

  constructor(opts: CodeServiceOptions) {
    if (opts.key.length < 32) throw new Error('Code key must be at least 32 bytes');
    if (!Number.isInteger(opts.length) || opts.length < minLength || opts.length > maxLength) {
      throw new Error(`Code length must be an integer from ${minLength} to ${maxLength}`);
    }
    if (!(opts.ttlMs > 0)) throw new Error('Code lifetime must be positive');
    if (!Number.isInteger(opts.maxAttempts) || opts.maxAttempts < 1) throw new Error('maxAttempts must be at least 1');
    this.#key = opts.key;
    this.#length = opts.length;
    this.#ttlMs = opts.ttlMs;
    this.#maxAttempts = opts.maxAttempts;
    this.#clock = opts.clock;
  }

  issue(binding: CodeBinding): { code: string; challenge: Challenge } {
    let code = '';
    // One CSPRNG draw per digit: uniform over all 10^length codes, leading zeros included.
    for (let i = 0; i < this.#length; i += 1) code += String(randomInt(10));
    const issuedAt = this.#clock.now();
    const challenge: Challenge = {
      binding: { ...binding },
      hash: this.#mac(binding, code).toString('hex'),
      issuedAt,
      expiresAt: issuedAt + this.#ttlMs,
      attempts: 0,
      state: 'live',
    };
    return { code, challenge };
  }

  /** `binding` is what the caller's session says now; a code sent elsewhere, or for someone else, is refused. */
  check(challenge: Challenge, input: string, binding: CodeBinding): CodeCheck {
    if (challenge.state !== 'live') return 'dead';
    if (this.#clock.now() >= challenge.expiresAt) return 'expired';
    if (!sameBinding(challenge.binding, binding)) return this.#miss(challenge, 'mismatch');
    const digits = normalizeDigits(input);
    if (!/^[0-9]+$/.test(digits)) return this.#miss(challenge, 'wrong');
    const expected = Buffer.from(challenge.hash, 'hex');
    const actual = this.#mac(challenge.binding, digits);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return this.#miss(challenge, 'wrong');
    challenge.state = 'used';
    return 'ok';
  }

  #miss(challenge: Challenge, result: 'wrong' | 'mismatch'): CodeCheck {
    challenge.attempts += 1;
    if (challenge.attempts >= this.#maxAttempts) challenge.state = 'dead';
    return result;
  }

  #mac(binding: CodeBinding, code: string): Buffer {
    // A JSON array keeps field boundaries unambiguous ("ab"+"c" never collides with "a"+"bc").
    const message = JSON.stringify(['guichet.code.v1', binding.session, binding.account, binding.channel, binding.destination, code]);
    return createHmac('sha256', this.#key).update(message, 'utf8').digest();
  }
}
