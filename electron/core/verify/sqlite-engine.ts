import type { Limit, Reservation, StateStore } from './state-store';
import { SqliteStateStore } from './sqlite-state-store';

/**
 * The StateStore of a single device (`state.type: "sqlite"`): the device's own SQLite file behind the
 * asynchronous interface. better-sqlite3 runs each call to completion, so a reservation inside one
 * transaction cannot interleave with another.
 */
export class SqliteEngine implements StateStore {
  constructor(readonly file: SqliteStateStore) {}

  async addEvent(key: string, at: number): Promise<void> {
    this.file.addEvent(key, at);
  }

  async countEvents(key: string, since: number): Promise<number> {
    return this.file.countEvents(key, since);
  }

  async oldestEvent(key: string, since: number): Promise<number | undefined> {
    return this.file.oldestEvent(key, since);
  }

  async clearEvents(key: string): Promise<void> {
    this.file.clearEvents(key);
  }

  async getValue(key: string): Promise<string | undefined> {
    return this.file.getValue(key);
  }

  async setValue(key: string, value: string): Promise<void> {
    this.file.setValue(key, value);
  }

  async setValueIfAbsent(key: string, value: string): Promise<string> {
    let stored = value;
    this.file.batch(() => {
      const existing = this.file.getValue(key);
      if (existing === undefined) this.file.setValue(key, value);
      else stored = existing;
    });
    return stored;
  }

  async deleteValue(key: string): Promise<void> {
    this.file.deleteValue(key);
  }

  async reserve(limits: readonly Limit[], at: number): Promise<Reservation> {
    let result: Reservation = { ok: true, taken: [] };
    this.file.batch(() => {
      const refusals: { index: number; retryAt: number }[] = [];
      limits.forEach((limit, index) => {
        if (limit.kind === 'until') {
          const until = Number(this.file.getValue(limit.key));
          if (until > at) refusals.push({ index, retryAt: until });
          return;
        }
        const since = at - limit.windowMs + 1;
        if (this.file.countEvents(limit.key, since) < limit.max) return;
        refusals.push({ index, retryAt: (this.file.oldestEvent(limit.key, since) ?? at) + limit.windowMs });
      });
      if (refusals.length > 0) {
        result = { ok: false, refusals };
        return;
      }
      const taken = limits.flatMap((limit) => (limit.kind === 'window' ? [String(this.file.addEvent(limit.key, at))] : []));
      result = { ok: true, taken };
    });
    return result;
  }

  async release(taken: readonly string[]): Promise<void> {
    this.file.batch(() => {
      for (const id of taken) this.file.deleteEvent(Number(id));
    });
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.file.close();
  }
}
