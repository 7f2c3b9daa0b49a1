/**
 * What must survive a restart and, on a fleet, be shared by every device: throttle events, blocks, install
 * secrets. Asynchronous because the store may be a database across the network (`state.type: "postgres"`).
 */
export interface StateStore {
  /** Records one event under `key` at `at` (epoch ms). */
  addEvent(key: string, at: number): Promise<void>;
  /** Events under `key` at or after `since`. */
  countEvents(key: string, since: number): Promise<number>;
  /** The oldest event under `key` at or after `since`, to say when a window frees up. */
  oldestEvent(key: string, since: number): Promise<number | undefined>;
  clearEvents(key: string): Promise<void>;
  getValue(key: string): Promise<string | undefined>;
  setValue(key: string, value: string): Promise<void>;
  /** Stores `value` unless `key` already holds one, and returns what `key` holds: the first device to write wins. */
  setValueIfAbsent(key: string, value: string): Promise<string>;
  deleteValue(key: string): Promise<void>;
  /**
   * Checks every limit and, only if none refuses, takes one slot in each window, atomically across every
   * device on the store: two devices can never both take the last slot.
   */
  reserve(limits: readonly Limit[], at: number): Promise<Reservation>;
  /** Gives back the slots of a reservation whose action did not happen (a provider refused the message). */
  release(taken: readonly string[]): Promise<void>;
  /** Resolves once the store answers; throws StateUnavailableError otherwise (fail closed before a directory write). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `window`: at most `max` events under `key` in the last `windowMs`. `until`: refused while the value under
 * `key` is an epoch ms in the future (a block).
 */
export type Limit = { kind: 'window'; key: string; max: number; windowMs: number } | { kind: 'until'; key: string };

/** Refusals name the limit (its index in the list given) and the earliest moment worth retrying. */
export type Reservation = { ok: true; taken: string[] } | { ok: false; refusals: { index: number; retryAt: number }[] };

/** The shared store cannot be reached or failed: the visitor gets the unavailable screen and nothing is sent or written. */
export class StateUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StateUnavailableError';
  }
}

/** Keys of data that belongs to one device (`kiosk.id`) in a store that many devices share. */
export const deviceKey = (kioskId: string, key: string): string => `device.${encodeURIComponent(kioskId)}.${key}`;
