/** Injected time and waiting, so tests control them without sleeping. */
export type Clock = { now(): number };
export type Sleeper = (ms: number) => Promise<void>;

export const systemClock: Clock = { now: () => Date.now() };
export const realSleeper: Sleeper = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
