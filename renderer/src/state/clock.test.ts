import { describe, expect, it } from 'vitest';
import { clockOffset, secondsUntil, toLocalTime } from './clock';

describe('countdowns on the main side clock', () => {
  it('counts down from the main side time when the local clock is behind', () => {
    // Main says 10:00:00.000 when the local clock reads 09:59:50.000: offset +10 s.
    const offset = clockOffset(1_000_000, 990_000);
    expect(offset).toBe(10_000);
    expect(secondsUntil(1_030_000, 990_000, offset)).toBe(30);
    expect(secondsUntil(1_030_000, 1_019_999, offset)).toBe(1);
    expect(secondsUntil(1_030_000, 1_020_000, offset)).toBe(0);
  });

  it('counts down when the local clock is ahead, and never goes negative', () => {
    const offset = clockOffset(1_000_000, 1_060_000);
    expect(secondsUntil(1_030_000, 1_060_000, offset)).toBe(30);
    expect(secondsUntil(1_030_000, 1_060_000 + 29_001, offset)).toBe(1);
    expect(secondsUntil(1_030_000, 1_200_000, offset)).toBe(0);
  });

  it('rounds a partial second up, so "0 s" only shows once the wait is over', () => {
    expect(secondsUntil(10_500, 10_000, 0)).toBe(1);
    expect(secondsUntil(10_001, 10_000, 0)).toBe(1);
  });

  it('turns a main side instant into local time', () => {
    expect(toLocalTime(1_030_000, 10_000)).toBe(1_020_000);
  });
});
