import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStateStore } from './sqlite-state-store';

describe('SqliteStateStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-state-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts events per key from a point in time and tells the oldest one', () => {
    const store = new SqliteStateStore(':memory:');
    store.addEvent('a', 100);
    store.addEvent('a', 200);
    store.addEvent('a', 300);
    store.addEvent('b', 250);
    expect(store.countEvents('a', 0)).toBe(3);
    expect(store.countEvents('a', 200)).toBe(2);
    expect(store.countEvents('a', 301)).toBe(0);
    expect(store.countEvents('missing', 0)).toBe(0);
    expect(store.oldestEvent('a', 150)).toBe(200);
    expect(store.oldestEvent('a', 301)).toBeUndefined();
    expect(store.oldestEvent('b', 0)).toBe(250);
    store.clearEvents('a');
    expect(store.countEvents('a', 0)).toBe(0);
    expect(store.countEvents('b', 0)).toBe(1);
    store.close();
  });

  it('commits a batch of writes whole, or not at all', () => {
    const store = new SqliteStateStore(':memory:');
    store.batch(() => {
      store.setValue('head', 'h1');
      store.addEvent('a', 1);
    });
    expect([store.getValue('head'), store.countEvents('a', 0)]).toEqual(['h1', 1]);
    expect(() =>
      store.batch(() => {
        store.setValue('head', 'h2');
        store.addEvent('a', 2);
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect([store.getValue('head'), store.countEvents('a', 0)]).toEqual(['h1', 1]);
    store.close();
  });

  it('keeps, replaces and deletes values', () => {
    const store = new SqliteStateStore(':memory:');
    expect(store.getValue('k')).toBeUndefined();
    store.setValue('k', 'one');
    store.setValue('k', 'two');
    expect(store.getValue('k')).toBe('two');
    store.setValue('empty', '');
    expect(store.getValue('empty')).toBe('');
    store.deleteValue('k');
    expect(store.getValue('k')).toBeUndefined();
    store.close();
  });

  it('creates parent folders, uses WAL, and keeps everything across close and reopen', () => {
    const path = join(dir, 'nested', 'deeper', 'state.sqlite');
    const first = new SqliteStateStore(path);
    first.addEvent('throttle.x', 1_000);
    first.addEvent('throttle.x', 2_000);
    first.setValue('install.codes', 'ab'.repeat(32));
    first.close();
    first.close(); // closing twice is harmless
    expect(existsSync(path)).toBe(true);

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const second = new SqliteStateStore(path);
    expect(second.countEvents('throttle.x', 0)).toBe(2);
    expect(second.oldestEvent('throttle.x', 1_500)).toBe(2_000);
    expect(second.getValue('install.codes')).toBe('ab'.repeat(32));
    second.close();
  });

  it('opens read-only without writing, and refuses a missing file in that mode', () => {
    const path = join(dir, 'state.sqlite');
    const writer = new SqliteStateStore(path);
    writer.setValue('audit.count', '7');
    writer.close();
    const reader = new SqliteStateStore(path, { readonly: true });
    expect(reader.getValue('audit.count')).toBe('7');
    expect(() => reader.setValue('audit.count', '8')).toThrow(/readonly/i);
    reader.close();
    expect(() => new SqliteStateStore(join(dir, 'absent.sqlite'), { readonly: true })).toThrow();
    expect(existsSync(join(dir, 'absent.sqlite'))).toBe(false);
  });
});
