import { describe, expect, it } from 'vitest';
import { afterFailure, isLocked, longestLockMs, unlocked, type LockState } from './lockout';

const minute = 60_000;

function fail(state: LockState, now: number, times: number, limit: number): LockState {
  let s = state;
  for (let i = 0; i < times; i++) s = afterFailure(s, now, limit);
  return s;
}

describe('lockout', () => {
  it('locks after the limit of consecutive failures, for a minute', () => {
    const s = fail(unlocked, 0, 2, 3);
    expect(s).toEqual({ failures: 2, lockedUntil: null, lockLevel: 0 });
    expect(isLocked(s, 0)).toBe(false);
    const locked = afterFailure(s, 1000, 3);
    expect(locked).toEqual({ failures: 0, lockedUntil: 1000 + minute, lockLevel: 1 });
    expect(isLocked(locked, 1000 + minute - 1)).toBe(true);
    expect(isLocked(locked, 1000 + minute)).toBe(false);
  });

  it('does not count failures while locked', () => {
    const locked = fail(unlocked, 0, 3, 3);
    expect(fail(locked, 30_000, 5, 3)).toBe(locked);
  });

  it('doubles each further lock and stops at a day', () => {
    let s = unlocked;
    let now = 0;
    const lengths: number[] = [];
    for (let i = 0; i < 14; i++) {
      s = fail(s, now, 3, 3);
      lengths.push((s.lockedUntil ?? 0) - now);
      now = s.lockedUntil ?? now;
    }
    expect(lengths.slice(0, 5)).toEqual([1, 2, 4, 8, 16].map((m) => m * minute));
    expect(lengths[10]).toBe(1024 * minute);
    expect(lengths[11]).toBe(longestLockMs);
    expect(lengths[13]).toBe(longestLockMs);
    expect(s.lockLevel).toBe(11);
  });
});
