import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installKey } from './install-secret';
import { SqliteStateStore } from './sqlite-state-store';

describe('installKey', () => {
  it('makes a 32-byte key once, stores it as hex, and returns the same key afterwards', () => {
    const store = new SqliteStateStore(':memory:');
    const key = installKey(store, 'codes');
    expect(key).toHaveLength(32);
    expect(store.getValue('install.codes')).toBe(key.toString('hex'));
    expect(installKey(store, 'codes').equals(key)).toBe(true);
    store.close();
  });

  it('gives each name its own key', () => {
    const store = new SqliteStateStore(':memory:');
    const codes = installKey(store, 'codes');
    const decoys = installKey(store, 'decoys');
    expect(codes.equals(decoys)).toBe(false);
    expect(codes.equals(Buffer.alloc(32))).toBe(false);
    store.close();
  });

  it('survives a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-key-'));
    try {
      const path = join(dir, 'state.sqlite');
      const first = new SqliteStateStore(path);
      const key = installKey(first, 'decoys');
      first.close();
      const second = new SqliteStateStore(path);
      expect(installKey(second, 'decoys').equals(key)).toBe(true);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a damaged stored value and odd names instead of replacing the key', () => {
    const store = new SqliteStateStore(':memory:');
    store.setValue('install.codes', 'not-hex');
    expect(() => installKey(store, 'codes')).toThrow(/install\.codes/);
    expect(store.getValue('install.codes')).toBe('not-hex');
    expect(() => installKey(store, '')).toThrow();
    expect(() => installKey(store, 'a b')).toThrow();
    store.close();
  });
});
