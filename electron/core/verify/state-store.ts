/**
 * What must survive a restart: throttle events, blocks, install secrets, the audit chain head.
 * Behind an interface so a fleet of kiosks can later share one store.
 */
export interface StateStore {
  /** Records one event under `key` at `at` (epoch ms). */
  addEvent(key: string, at: number): void;
  /** Events under `key` at or after `since`. */
  countEvents(key: string, since: number): number;
  /** The oldest event under `key` at or after `since`, to say when a window frees up. */
  oldestEvent(key: string, since: number): number | undefined;
  clearEvents(key: string): void;
  getValue(key: string): string | undefined;
  setValue(key: string, value: string): void;
  deleteValue(key: string): void;
  /** Runs `writes` as one commit: all or nothing, and one flush to disk instead of one per write. */
  batch(writes: () => void): void;
  close(): void;
}
