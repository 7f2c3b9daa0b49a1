import type { Config } from '../config/schema';
import { secretName } from '../config/secrets';
import { installKey } from './install-secret';
import type { StateStore } from './state-store';

const shortest = 32;

/**
 * The key decoys and identifier digests derive from: IT's `security.decoyKey`, shared by every kiosk of a
 * fleet so they all show one decoy per unknown identifier, or else a key drawn once for this install.
 */
export function decoyKey(config: Config, secrets: ReadonlyMap<string, string>, store: StateStore): Buffer {
  const ref = config.security.decoyKey;
  if (ref === undefined) return installKey(store, 'decoy');
  const name = secretName(ref);
  const value = secrets.get(name);
  if (value === undefined) throw new Error(`security.decoyKey: secret ${name} was not resolved`);
  if (value.length < shortest) throw new Error(`security.decoyKey: secret ${name} must be at least ${shortest} characters (e.g. openssl rand -hex 32)`);
  return Buffer.from(value, 'utf8');
}
