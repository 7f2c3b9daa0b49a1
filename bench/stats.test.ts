import { describe, expect, it } from 'vitest';
import { median, percentile, rounded, summarize } from './stats';

describe('percentile', () => {
  it('interpolates between closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 25)).toBe(20);
    // rank 0.95 × 19 = 18.05: 19 + 0.05 × (20 − 19)
    expect(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95)).toBeCloseTo(19.05, 10);
  });

  it('does not depend on the order of the samples, nor change them', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(median(samples)).toBe(3);
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it('gives the extremes at 0 and 100 and the value itself for one sample', () => {
    expect(percentile([3, 9, 1], 0)).toBe(1);
    expect(percentile([3, 9, 1], 100)).toBe(9);
    expect(percentile([7], 95)).toBe(7);
  });

  it('refuses no samples and ranks outside 0–100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('reports count, median, p95, extremes and mean', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize(samples)).toEqual({ n: 100, median: 50.5, p95: 95.05, min: 1, max: 100, mean: 50.5 });
  });

  it('keeps one slow outlier out of the median but not out of the maximum', () => {
    const s = summarize([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1000]);
    expect(s.median).toBe(1);
    expect(s.max).toBe(1000);
    expect(s.p95).toBeGreaterThan(1);
  });

  it('refuses empty and non-finite samples', () => {
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => summarize([1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });

  it('rounds for the results file', () => {
    expect(rounded({ n: 2, median: 1.23456, p95: 2.00049, min: 1, max: 3, mean: 1.5 }, 2)).toEqual({ n: 2, median: 1.23, p95: 2, min: 1, max: 3, mean: 1.5 });
  });
});
