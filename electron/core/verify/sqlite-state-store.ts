import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

const schema = `
  CREATE TABLE IF NOT EXISTS events (key TEXT NOT NULL, at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS events_key_at ON events (key, at);
  CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

/**
 * The device's own SQLite file, so counters and secrets survive restarts and crashes. Synchronous: the audit log
 * writes its chain head here before it returns. SqliteEngine puts it behind the StateStore interface.
 */
export class SqliteStateStore {
  readonly #db: Database.Database;
  readonly #addEvent: Database.Statement<[string, number]>;
  readonly #countEvents: Database.Statement<[string, number], number>;
  readonly #oldestEvent: Database.Statement<[string, number], number | null>;
  readonly #clearEvents: Database.Statement<[string]>;
  readonly #deleteEvent: Database.Statement<[number]>;
  readonly #getValue: Database.Statement<[string], string>;
  readonly #setValue: Database.Statement<[string, string]>;
  readonly #deleteValue: Database.Statement<[string]>;

  /** `readonly` opens an existing file without changing it (the audit verifier reads the chain head this way). */
  constructor(path: string, opts: { readonly?: boolean } = {}) {
    const readonly = opts.readonly ?? false;
    if (path !== ':memory:' && !readonly) mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path, { readonly, fileMustExist: readonly });
    if (!readonly) {
      this.#db.pragma('journal_mode = WAL');
      // The audit head written here must be as durable as the fsynced log line it describes.
      this.#db.pragma('synchronous = FULL');
      this.#db.exec(schema);
    }
    this.#addEvent = this.#db.prepare('INSERT INTO events (key, at) VALUES (?, ?)');
    this.#countEvents = this.#db.prepare<[string, number], number>('SELECT count(*) FROM events WHERE key = ? AND at >= ?').pluck();
    this.#oldestEvent = this.#db.prepare<[string, number], number | null>('SELECT min(at) FROM events WHERE key = ? AND at >= ?').pluck();
    this.#clearEvents = this.#db.prepare('DELETE FROM events WHERE key = ?');
    this.#deleteEvent = this.#db.prepare('DELETE FROM events WHERE rowid = ?');
    this.#getValue = this.#db.prepare<[string], string>('SELECT value FROM kv WHERE key = ?').pluck();
    this.#setValue = this.#db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.#deleteValue = this.#db.prepare('DELETE FROM kv WHERE key = ?');
  }

  /** Returns the event's id, for deleteEvent. */
  addEvent(key: string, at: number): number {
    return Number(this.#addEvent.run(key, at).lastInsertRowid);
  }

  deleteEvent(id: number): void {
    this.#deleteEvent.run(id);
  }

  countEvents(key: string, since: number): number {
    return this.#countEvents.get(key, since) ?? 0;
  }

  oldestEvent(key: string, since: number): number | undefined {
    return this.#oldestEvent.get(key, since) ?? undefined;
  }

  clearEvents(key: string): void {
    this.#clearEvents.run(key);
  }

  getValue(key: string): string | undefined {
    return this.#getValue.get(key);
  }

  setValue(key: string, value: string): void {
    this.#setValue.run(key, value);
  }

  deleteValue(key: string): void {
    this.#deleteValue.run(key);
  }

  batch(writes: () => void): void {
    this.#db.transaction(writes)();
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
