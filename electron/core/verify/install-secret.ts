import { randomBytes } from 'node:crypto';
import type { StateStore } from './state-store';

const keyBytes = 32;
const hexKey = /^[0-9a-f]{64}$/;

/**
 * A random key made once per installation and kept in the state store under `install.<name>`, for HMACs
 * (code hashes, decoy keys). It stays the same across restarts so decoys stay stable; a damaged value is an
 * error rather than a silent new key, which would quietly change every decoy.
 */
export function installKey(store: StateStore, name: string): Buffer {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(name)) throw new Error(`Invalid install key name "${name}"`);
  const key = `install.${name}`;
  const stored = store.getValue(key);
  if (stored !== undefined) {
    if (!hexKey.test(stored)) throw new Error(`State store value ${key} is not a ${keyBytes}-byte hex key`);
    return Buffer.from(stored, 'hex');
  }
  const fresh = randomBytes(keyBytes);
  store.setValue(key, fresh.toString('hex'));
  return fresh;
}
