import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installKey } from './install-secret';
import { SqliteEngine } from './sqlite-engine';
import { SqliteStateStore } from './sqlite-state-store';

describe('installKey', () => {
  it('makes a 32-byte key once, stores it as hex, and returns the same key afterwards', async () => {
    const store = new SqliteEngine(new SqliteStateStore(':memory:'));
    const key = await installKey(store, 'codes');
    expect(key).toHaveLength(32);
    expect(await store.getValue('install.codes')).toBe(key.toString('hex'));
    expect((await installKey(store, 'codes')).equals(key)).toBe(true);
    await store.close();
  });

  it('gives each name its own key', async () => {
    const store = new SqliteEngine(new SqliteStateStore(':memory:'));
    const codes = await installKey(store, 'codes');
    const decoys = await installKey(store, 'decoys');
    expect(codes.equals(decoys)).toBe(false);
    expect(codes.equals(Buffer.alloc(32))).toBe(false);
    await store.close();
  });

  it('survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-key-'));
    try {
      const path = join(dir, 'state.sqlite');
      const first = new SqliteEngine(new SqliteStateStore(path));
      const key = await installKey(first, 'decoys');
      await first.close();
      const second = new SqliteEngine(new SqliteStateStore(path));
      expect((await installKey(second, 'decoys')).equals(key)).toBe(true);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a damaged stored value and odd names instead of replacing the key', async () => {
    const store = new SqliteEngine(new SqliteStateStore(':memory:'));
    await store.setValue('install.codes', 'not-hex');
    await expect(installKey(store, 'codes')).rejects.toThrow(/install\.codes/);
    expect(await store.getValue('install.codes')).toBe('not-hex');
    await expect(installKey(store, '')).rejects.toThrow();
    await expect(installKey(store, 'a b')).rejects.toThrow();
    await store.close();
  });
});
