import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock';
import { CodeService, type CodeBinding } from './codes';

const key = randomBytes(32);
const binding: CodeBinding = { session: 's-1', account: 'amina.benali', channel: 'sms', destination: '+212612345678' };

function setup(over: Partial<{ length: number; ttlMs: number; maxAttempts: number }> = {}) {
  let t = 1_700_000_000_000;
  const clock: Clock = { now: () => t };
  const service = new CodeService({ key, length: 6, ttlMs: 300_000, maxAttempts: 3, clock, ...over });
  return { service, advance: (ms: number) => (t += ms) };
}

/** Any code of the right shape that is not `code`. */
const other = (code: string) => code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);

describe('CodeService', () => {
  it('accepts the right code once, then refuses it', () => {
    const { service } = setup();
    const { code, challenge } = service.issue(binding);
    expect(code).toMatch(/^[0-9]{6}$/);
    expect(challenge).toMatchObject({ state: 'live', attempts: 0, binding });
    expect(service.check(challenge, code, binding)).toBe('ok');
    expect(challenge.state).toBe('used');
    expect(service.check(challenge, code, binding)).toBe('dead');
  });

  it('keeps its own copy of the binding', () => {
    const { service } = setup();
    const mutable = { ...binding };
    const { code, challenge } = service.issue(mutable);
    mutable.destination = '+212699999999';
    expect(challenge.binding.destination).toBe(binding.destination);
    expect(service.check(challenge, code, binding)).toBe('ok');
  });

  it('strips spaces, reads Arabic-Indic digits, and calls anything else wrong', () => {
    const { service } = setup({ maxAttempts: 5 });
    const { code, challenge } = service.issue(binding);
    expect(service.check(challenge, `${code.slice(0, 2)}A${code.slice(3)}`, binding)).toBe('wrong');
    expect(service.check(challenge, '', binding)).toBe('wrong');
    expect(service.check(challenge, `${code}0`, binding)).toBe('wrong');
    expect(challenge.attempts).toBe(3);
    const arabic = [...code].map((d) => String.fromCharCode(0x0660 + Number(d))).join('');
    expect(service.check(challenge, ` ${arabic.slice(0, 3)} ${arabic.slice(3)}\t`, binding)).toBe('ok');

    const second = service.issue(binding);
    expect(service.check(second.challenge, `${second.code.slice(0, 3)} ${second.code.slice(3)}`, binding)).toBe('ok');
  });

  it('expires after the lifetime, using the injected clock', () => {
    const { service, advance } = setup();
    const { code, challenge } = service.issue(binding);
    expect(challenge.expiresAt - challenge.issuedAt).toBe(300_000);
    advance(299_999);
    const early = service.issue(binding);
    advance(1);
    expect(service.check(challenge, code, binding)).toBe('expired');
    expect(challenge.state).toBe('live');
    expect(service.check(challenge, code, binding)).toBe('expired');
    expect(service.check(early.challenge, early.code, binding)).toBe('ok');
  });

  it('dies after maxAttempts wrong entries and then refuses even the right code', () => {
    const { service } = setup({ maxAttempts: 3 });
    const { code, challenge } = service.issue(binding);
    expect(service.check(challenge, other(code), binding)).toBe('wrong');
    expect(service.check(challenge, other(code), binding)).toBe('wrong');
    expect(challenge.state).toBe('live');
    expect(service.check(challenge, other(code), binding)).toBe('wrong');
    expect(challenge).toMatchObject({ attempts: 3, state: 'dead' });
    expect(service.check(challenge, code, binding)).toBe('dead');
  });

  it('refuses the right code under any other binding, and counts it as an attempt', () => {
    const { service } = setup({ maxAttempts: 5 });
    const { code, challenge } = service.issue(binding);
    const others: CodeBinding[] = [
      { ...binding, session: 's-2' },
      { ...binding, account: 'karim.alaoui' },
      { ...binding, channel: 'voice' },
      { ...binding, destination: '+212612345679' },
    ];
    for (const b of others) expect(service.check(challenge, code, b)).toBe('mismatch');
    expect(challenge.attempts).toBe(4);
    expect(service.check(challenge, code, binding)).toBe('ok');

    const spent = service.issue(binding);
    for (let i = 0; i < 5; i += 1) service.check(spent.challenge, spent.code, others[0]!);
    expect(spent.challenge.state).toBe('dead');
    expect(service.check(spent.challenge, spent.code, binding)).toBe('dead');
  });

  it('binds the hash to every field and to the key', () => {
    const { service } = setup();
    const { code, challenge } = service.issue(binding);
    const message = JSON.stringify(['guichet.code.v1', binding.session, binding.account, binding.channel, binding.destination, code]);
    expect(challenge.hash).toBe(createHmac('sha256', key).update(message).digest('hex'));
    const forged = { ...challenge, binding: { ...binding, destination: '+212600000000' } };
    expect(service.check(forged, code, forged.binding)).toBe('wrong');

    const t = 0;
    const otherKey = new CodeService({ key: randomBytes(32), length: 6, ttlMs: 1000, maxAttempts: 3, clock: { now: () => t } });
    expect(otherKey.check({ ...challenge, issuedAt: t, expiresAt: t + 1000, attempts: 0, state: 'live' }, code, binding)).toBe('wrong');
  });

  it('never keeps the code in the challenge', () => {
    const { service } = setup();
    for (let i = 0; i < 5; i += 1) {
      const { code, challenge } = service.issue(binding);
      expect(challenge.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.values(challenge)).not.toContain(code);
      expect(JSON.stringify({ ...challenge, binding: undefined })).not.toContain(code);
    }
  });

  it('honours the configured length and refuses weak settings', () => {
    expect(setup({ length: 8 }).service.issue(binding).code).toMatch(/^[0-9]{8}$/);
    const clock: Clock = { now: () => 0 };
    expect(() => new CodeService({ key, length: 5, ttlMs: 1, maxAttempts: 3, clock })).toThrow();
    expect(() => new CodeService({ key: randomBytes(16), length: 6, ttlMs: 1, maxAttempts: 3, clock })).toThrow();
    expect(() => new CodeService({ key, length: 6, ttlMs: 0, maxAttempts: 3, clock })).toThrow();
    expect(() => new CodeService({ key, length: 6, ttlMs: 1, maxAttempts: 0, clock })).toThrow();
  });

  it('draws codes that look uniformly random', () => {
    const { service } = setup();
    const n = 10_000;
    const counts = Array.from({ length: 6 }, () => new Array<number>(10).fill(0));
    const seen = new Set<string>();
    for (let i = 0; i < n; i += 1) {
      const { code } = service.issue(binding);
      expect(code).toMatch(/^[0-9]{6}$/);
      seen.add(code);
      [...code].forEach((d, position) => (counts[position]![Number(d)]! += 1));
    }
    // Chi-square with 9 degrees of freedom per digit position: 45 has a chance of about 1e-6 under uniformity.
    for (const position of counts) {
      const chi = position.reduce((sum, c) => sum + (c - n / 10) ** 2 / (n / 10), 0);
      expect(chi).toBeLessThan(45);
    }
    // Leading zero: expected 1,000 (standard deviation 30).
    expect(counts[0]![0]).toBeGreaterThan(850);
    expect(counts[0]![0]).toBeLessThan(1150);
    // 10,000 draws from a million: about 9,950 distinct.
    expect(seen.size).toBeGreaterThan(9_900);
  });
});
