import type { Config } from './schema';

/** The app id: secrets live in the OS keychain under this service name. */
export const keychainService = 'org.guichet.app';

const reference = /^secret:([A-Za-z0-9_]{1,64})$/;
const secretNamePattern = /^[A-Za-z0-9_]{1,64}$/;

/** The OS keychain, one service's entries; `name` is the keychain account. */
export interface Keychain {
  getPassword(name: string): Promise<string | null>;
  setPassword(name: string, value: string): Promise<void>;
  deletePassword(name: string): Promise<boolean>;
  findCredentials(): Promise<Array<{ account: string; password: string }>>;
}

export class MissingSecretError extends Error {
  constructor(
    readonly names: string[],
    /** Why the keychain could not be asked, if it could not; never a secret value. */
    readonly keychainProblem?: string,
  ) {
    const where = names.map((n) => `${n} (keychain service ${keychainService}, account ${n}; or ${envName(n)})`).join(', ');
    super(`missing secret${names.length > 1 ? 's' : ''}: ${where}${keychainProblem ? `; keychain unavailable: ${keychainProblem}` : ''}`);
    this.name = 'MissingSecretError';
  }
}

export function isSecretName(name: string): boolean {
  return secretNamePattern.test(name);
}

/** NAME of a `secret:NAME` reference; throws on anything else. */
export function secretName(ref: string): string {
  const name = reference.exec(ref)?.[1];
  if (!name) throw new Error('expected a secret reference like "secret:NAME"');
  return name;
}

/** The environment variable that may hold a secret on machines without a keychain: GUICHET_SECRET_NAME. */
export function envName(name: string): string {
  return `GUICHET_SECRET_${name}`;
}

type Keytar = typeof import('keytar');

/**
 * keytar, loaded on first use: a machine without a Secret Service (a headless Linux server) or without the
 * native module still starts, with its secrets in environment variables.
 */
export function osKeychain(service: string = keychainService): Keychain {
  let loaded: Promise<Keytar> | undefined;
  const keytar = (): Promise<Keytar> => {
    loaded ??= import('keytar').then((m) => ((m as { default?: Keytar }).default ?? m) as Keytar);
    return loaded;
  };
  return {
    getPassword: async (name) => (await keytar()).getPassword(service, name),
    setPassword: async (name, value) => (await keytar()).setPassword(service, name, value),
    deletePassword: async (name) => (await keytar()).deletePassword(service, name),
    findCredentials: async () => (await keytar()).findCredentials(service),
  };
}

export type ResolveOptions = { env?: NodeJS.ProcessEnv; keychain?: Keychain };

type Lookup = { value?: string; keychainProblem?: string };

async function lookUp(name: string, keychain: Keychain, env: NodeJS.ProcessEnv): Promise<Lookup> {
  let keychainProblem: string | undefined;
  try {
    const stored = await keychain.getPassword(name);
    if (stored) return { value: stored };
  } catch (err) {
    keychainProblem = err instanceof Error ? err.message : String(err);
  }
  const fromEnv = env[envName(name)];
  if (fromEnv) return { value: fromEnv };
  return { keychainProblem };
}

/** Resolves `secret:NAME`: the OS keychain first, then GUICHET_SECRET_NAME. */
export async function resolveSecret(ref: string, opts: ResolveOptions = {}): Promise<string> {
  const name = secretName(ref);
  const found = await lookUp(name, opts.keychain ?? osKeychain(), opts.env ?? process.env);
  if (found.value === undefined) throw new MissingSecretError([name], found.keychainProblem);
  return found.value;
}

/** Every `secret:NAME` string in a parsed config, leaving out the sections of backends not in use. */
export function configSecretNames(config: Config): string[] {
  const names = new Set<string>();
  const walk = (value: unknown, path: string[]): void => {
    if (typeof value === 'string') {
      const name = reference.exec(value)?.[1];
      if (name) names.add(name);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, String(i)]));
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const inactiveBackend = path.length === 1 && path[0] === 'backend' && key !== 'type' && key !== config.backend.type;
        const inactiveState = path.length === 1 && path[0] === 'state' && key === 'postgres' && config.state.type !== 'postgres';
        if (!inactiveBackend && !inactiveState) walk(child, [...path, key]);
      }
    }
  };
  walk(config, []);
  return [...names].sort();
}

/**
 * Resolves every secret the config refers to, once, at start-up: name → value. Throws one
 * MissingSecretError naming all that are missing, so IT fixes them in one go.
 */
export async function resolveConfigSecrets(config: Config, opts: ResolveOptions = {}): Promise<Map<string, string>> {
  const keychain = opts.keychain ?? osKeychain();
  const env = opts.env ?? process.env;
  const resolved = new Map<string, string>();
  const missing: string[] = [];
  let keychainProblem: string | undefined;
  for (const name of configSecretNames(config)) {
    const found = await lookUp(name, keychain, env);
    if (found.value === undefined) {
      missing.push(name);
      keychainProblem ??= found.keychainProblem;
    } else {
      resolved.set(name, found.value);
    }
  }
  if (missing.length) throw new MissingSecretError(missing, keychainProblem);
  return resolved;
}
