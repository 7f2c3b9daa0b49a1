import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema';
import { envName, MissingSecretError, osKeychain, resolveSecret, type Keychain } from '../config/secrets';

/** The keychain entry of a device's own chain key, made at first start when `audit.key` is not set. */
const deviceKeyName = 'AUDIT_CHAIN_KEY';
/** Set once the device key has been printed by `guichet audit key export`: the date it was. */
const deviceKeyExportedName = 'AUDIT_CHAIN_KEY_EXPORTED';

export type KeyOptions = { env: NodeJS.ProcessEnv; keychain?: Keychain };

/**
 * The chain key, as the app and `audit verify` find it: `audit.key` (a `secret:NAME`) when set, else the device's
 * own key in the OS keychain (or GUICHET_SECRET_AUDIT_CHAIN_KEY). With `create`, a device without one gets a new
 * random key stored in the keychain; it is never written to the data folder, so whoever can edit the log
 * cannot re-chain it. Throws MissingSecretError when there is none and none can be kept.
 */
export async function resolveAuditKey(config: Pick<Config, 'audit'>, opts: KeyOptions & { create?: boolean }): Promise<string> {
  const keychain = opts.keychain ?? osKeychain();
  if (config.audit.key !== undefined) return resolveSecret(config.audit.key, { env: opts.env, keychain });
  try {
    return await resolveSecret(`secret:${deviceKeyName}`, { env: opts.env, keychain });
  } catch (err) {
    if (!(err instanceof MissingSecretError) || !opts.create) throw err;
    if (err.keychainProblem !== undefined) throw noKeychain(err.keychainProblem);
  }
  const key = randomBytes(32).toString('base64url');
  try {
    await keychain.setPassword(deviceKeyName, key);
  } catch (err) {
    throw noKeychain(err instanceof Error ? err.message : String(err));
  }
  return key;
}

function noKeychain(problem: string | undefined): MissingSecretError {
  return new MissingSecretError([deviceKeyName], `${problem ?? 'no keychain'}; set audit.key to a secret:NAME, or ${envName(deviceKeyName)}`);
}

/**
 * `guichet audit key export`: prints the device's own key once, for an auditor who verifies elsewhere; later calls
 * refuse and say when it was printed (a key printed twice has two copies to keep).
 */
export async function exportDeviceKey(
  config: Pick<Config, 'audit'>,
  io: KeyOptions & { out: (s: string) => void; err: (s: string) => void; now: () => number },
): Promise<number> {
  if (config.audit.key !== undefined) {
    io.err(`audit key export: this device uses audit.key (${config.audit.key}), the fleet's key: IT keeps it, not the device\n`);
    return 1;
  }
  const keychain = io.keychain ?? osKeychain();
  let exported: string | null;
  try {
    exported = await keychain.getPassword(deviceKeyExportedName);
  } catch (err) {
    io.err(`audit key export: the keychain cannot be read: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  if (exported) {
    io.err(`audit key export: the key was already exported on ${exported}; it is printed only once\n`);
    return 1;
  }
  let key: string;
  try {
    key = await resolveSecret(`secret:${deviceKeyName}`, { env: io.env, keychain });
  } catch (err) {
    io.err(`audit key export: ${err instanceof Error ? err.message : String(err)} (the app creates it at first start)\n`);
    return 1;
  }
  await keychain.setPassword(deviceKeyExportedName, new Date(io.now()).toISOString());
  io.out(`${key}\n`);
  io.err('Keep it where the auditor can reach it (a password manager, a sealed envelope): verify elsewhere with\n  GUICHET_SECRET_AUDIT_CHAIN_KEY=… guichet audit verify FILE… --key secret:AUDIT_CHAIN_KEY\n');
  return 0;
}
