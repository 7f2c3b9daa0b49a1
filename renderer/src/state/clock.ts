/**
 * Countdowns run on the main side's clock: `SentCode` times and `retryAt` are its epoch milliseconds and
 * `View.now` is its clock when the view was made. The offset is measured once per view.
 */
export const clockOffset = (viewNow: number, localNow: number): number => viewNow - localNow;

/** Whole seconds left until a main-side instant, as shown to the visitor (never negative). */
export const secondsUntil = (target: number, localNow: number, offset: number): number =>
  Math.max(0, Math.ceil((target - (localNow + offset)) / 1000));

/** A main-side instant on the local clock, for formatting as a local time. */
export const toLocalTime = (mainTime: number, offset: number): number => mainTime - offset;
