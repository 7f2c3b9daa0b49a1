/** What the suite reports for a set of timings: never a single run. */
export type Summary = { n: number; median: number; p95: number; min: number; max: number; mean: number };

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks (R type 7, what spreadsheets and
 * NumPy use by default), so p95 of a small sample does not jump to the maximum.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of no samples');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile out of range: ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summary of no samples');
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const s of samples) {
    if (!Number.isFinite(s)) throw new RangeError(`not a finite sample: ${s}`);
    min = Math.min(min, s);
    max = Math.max(max, s);
    sum += s;
  }
  return { n: samples.length, median: median(samples), p95: percentile(samples, 95), min, max, mean: sum / samples.length };
}

/** Rounds every number of a summary for the results file: sub-microsecond digits are noise. */
export function rounded(summary: Summary, digits = 3): Summary {
  const r = (x: number) => Number(x.toFixed(digits));
  return { n: summary.n, median: r(summary.median), p95: r(summary.p95), min: r(summary.min), max: r(summary.max), mean: r(summary.mean) };
}
