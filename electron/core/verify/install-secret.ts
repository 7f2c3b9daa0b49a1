import { randomBytes } from 'node:crypto';
import type { StateStore } from './state-store';

const keyBytes = 32;
const hexKey = /^[0-9a-f]{64}$/;

/**
 * A random key made once per installation and kept in the state store under `install.<name>`, for HMACs
 * (code hashes, decoy keys). It stays the same across restarts so decoys stay stable; a damaged value is an
 * error rather than a silent new key, which would quietly change every decoy. On a fleet's shared store the
 * first device to start draws it and every other device reads the same one.
 */
export async function installKey(store: StateStore, name: string): Promise<Buffer> {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(name)) throw new Error(`Invalid install key name "${name}"`);
  const key = `install.${name}`;
  const stored = (await store.getValue(key)) ?? (await store.setValueIfAbsent(key, randomBytes(keyBytes).toString('hex')));
  if (!hexKey.test(stored)) throw new Error(`State store value ${key} is not a ${keyBytes}-byte hex key`);
  return Buffer.from(stored, 'hex');
}
