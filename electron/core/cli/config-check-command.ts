import { parseArgs } from 'node:util';
import { configWarnings } from '../config/config-warnings';
import { formatProblems, loadConfig } from '../config/load-config';
import { machineConfigPath } from '../config/machine-config-path';
import { configSecretNames, MissingSecretError, resolveConfigSecrets, type Keychain } from '../config/secrets';

export type ConfigCheckIo = {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** As at start-up: an installed app refuses a machine-wide file that non-administrators can write. */
  installed: boolean;
  keychain?: Keychain;
};

const configCheckUsage = [
  'usage: guichet config check [FILE] [--secrets]',
  '  Validates FILE, or without FILE the config the app would use (--config FILE, then GUICHET_CONFIG, then the',
  '  machine-wide file), and prints every problem with its JSON path.',
  '  --secrets  also looks up every secret:NAME the config uses, in this OS user\'s keychain or GUICHET_SECRET_NAME',
  '             (run it as the account the kiosk runs as).',
  '  Exit codes: 0 valid, 1 invalid, 2 usage error.',
  '',
].join('\n');

/**
 * `guichet config check`. `globalArgs` are the words before `config` (where `--config FILE` may stand);
 * `argv` the words after `check`. The lines are those the app would log, so a problem reads the same in both places;
 * only here does a syntax error also show the line of the file, with a caret.
 */
export async function runConfigCheck(globalArgs: readonly string[], argv: readonly string[], io: ConfigCheckIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { secrets: { type: 'boolean' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    io.err(`config check: ${(err as Error).message}\n${configCheckUsage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(configCheckUsage);
    return 0;
  }
  if (positionals.length > 1 || (positionals.length === 1 && values.config !== undefined)) {
    io.err(`config check: one FILE at most\n${configCheckUsage}`);
    return 2;
  }
  const file = positionals[0] ?? values.config;
  const loaded = loadConfig({
    argv: file === undefined ? [...globalArgs] : ['--config', file],
    env: io.env,
    platform: io.platform,
    installed: io.installed,
  });
  if (!loaded.ok) {
    for (const line of formatProblems(loaded, { showLines: true })) io.out(`${line}\n`);
    return 1;
  }
  const where = loaded.source.file ?? `built-in demo config (no --config, no GUICHET_CONFIG, no ${machineConfigPath(io.platform, io.env)})`;
  const names = configSecretNames(loaded.config);
  if (values.secrets && names.length > 0) {
    // One verdict: a missing secret stops the start as surely as a wrong key, so no "OK" before it.
    try {
      await resolveConfigSecrets(loaded.config, { env: io.env, keychain: io.keychain });
    } catch (err) {
      if (!(err instanceof MissingSecretError)) throw err;
      // Same words as the out-of-service log line; never a value.
      io.out(`config invalid: ${err.message}\n`);
      return 1;
    }
  }
  io.out(`OK: ${where}\n`);
  for (const warning of configWarnings(loaded.config)) io.out(`warning: ${warning}\n`);
  if (names.length === 0) return 0;
  if (!values.secrets) {
    io.out(`secrets used: ${names.join(', ')} (check they are stored for the kiosk's account: guichet config check --secrets)\n`);
    return 0;
  }
  io.out(`secrets found: ${names.join(', ')}\n`);
  return 0;
}
