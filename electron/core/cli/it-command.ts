import { runAttendantUnblock } from './attendant-unblock-command';
import { runAuditReport } from './audit-report-command';
import { runAuditKeyExport, runAuditVerify } from './audit-verify-command';
import { configJsonSchemaText } from '../config/json-schema';
import type { Keychain } from '../config/secrets';
import { runSecretsCommand } from './secrets-command';
import { runConfigCheck } from './config-check-command';
import { runPinHashCommand } from './pin-hash-command';
import { runFleetCommand, runStateCommand, stateUsage } from './state-command';

type Output = { write(text: string): unknown };

export type ItCommandIo = {
  stdin: NodeJS.ReadableStream;
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The app's version, from its package.json. */
  version: string;
  /** An installed app: `config check` then refuses a machine-wide file non-administrators can write, as at start. */
  installed: boolean;
  /** The OS keychain unless given. */
  keychain?: Keychain;
};

const commands = new Set(['config', 'secrets', 'audit', 'pin-hash', 'attendant', 'state', 'fleet', 'help']);
/** App and runtime options whose value is the next word (`-r` is Node's, used by Playwright's Electron mode). */
const optionsWithValue = new Set(['--config', '--data-dir', '-r', '--require']);

export const itUsage = [
  'usage: guichet [--config FILE] [--data-dir DIR] [--dev]      start the app',
  '       guichet --version                                    print the version',
  '       guichet config check [FILE] [--secrets]              validate a config (default: the one the app would use)',
  '       guichet config schema                                print the JSON Schema of config.json',
  '       guichet secrets set NAME | delete NAME | list        this OS user\'s keychain (set reads standard input)',
  '       guichet audit verify [--key secret:NAME] [--state STATE.sqlite] FILE...',
  '                                                            check the keyed chain of audit files, in any order',
  '       guichet audit verify --database [--key secret:NAME]  every device\'s chain in the fleet\'s audit table',
  '       guichet audit key export                             print this device\'s own chain key, once',
  '       guichet audit report [--from DATE] [--to DATE] [--kiosk ID] [--html FILE | --csv FILE] [FILE...]',
  '                                                            events per day and device (audit report --help)',
  '       guichet pin-hash                                     hash the attendant PIN read on standard input',
  '       guichet state migrate [--dry-run] | state check       the fleet\'s shared PostgreSQL schema (state.type "postgres")',
  '       guichet fleet status [--json]                        every device of the fleet seen in the last day',
  '       guichet attendant unblock --state STATE.sqlite [--kiosk-id ID] | [--config FILE] (state.type "postgres")',
  '                                                            lift the lock left by wrong attendant PINs',
  '       guichet --help',
  'Exit codes: 0 success, 1 failure (invalid config, broken chain, refused value…), 2 usage error.',
  '',
].join('\n');

type Found = { command: string; globals: string[]; rest: string[] };

/**
 * Finds IT's command in the app's arguments (without the executable): `--version` or `--help` before any word, or a
 * known first word after options (`guichet --config F config check`). Anything else is a normal start: Chromium
 * switches, `--config`, `--data-dir`, or a word that is not a command (a file the OS hands over).
 */
function findCommand(args: readonly string[]): Found | null {
  const at = firstWord(args);
  if (at === undefined) return null;
  const arg = args[at]!;
  const command = arg === '--version' || arg === '-v' ? 'version' : arg === '--help' || arg === '-h' ? 'help' : commands.has(arg) ? arg : null;
  return command === null ? null : { command, globals: args.slice(0, at), rest: args.slice(at + 1) };
}

/** Where the first word that is not an option (or its value) stands; `--version` and `--help` count as words. */
function firstWord(args: readonly string[]): number | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (['--version', '-v', '--help', '-h'].includes(arg)) return i;
    if (optionsWithValue.has(arg)) i += 1;
    else if (!arg.startsWith('-')) return i;
  }
  return undefined;
}

/**
 * The word that stands where a command would (`frobnicate` in `--config F frobnicate`), for a checkout, where every
 * word is meant as a command; undefined when there is none.
 */
export function commandWord(args: readonly string[]): string | undefined {
  const at = firstWord(args);
  return at === undefined ? undefined : args[at];
}

/** Whether these arguments ask for IT's command line rather than the app. Synchronous, so the app's start is not delayed. */
export function isItCommand(args: readonly string[]): boolean {
  return findCommand(args) !== null;
}

/**
 * IT's command line, the same in the packaged app (`guichet …`) and in a checkout (`npm run guichet -- …`).
 * `args` are the words after the executable (and after the app folder in development). Resolves to the exit code,
 * or null when the arguments are not a command and the app should start.
 */
export async function runItCommand(args: readonly string[], io: ItCommandIo): Promise<number | null> {
  const found = findCommand(args);
  if (!found) return null;
  const out = (s: string) => void io.stdout.write(s);
  const err = (s: string) => void io.stderr.write(s);
  const usageError = (why: string) => {
    err(`${why}\n${itUsage}`);
    return 2;
  };
  const { command, globals, rest } = found;
  try {
    switch (command) {
      case 'version':
        if (rest.length) return usageError('--version takes no argument');
        out(`${io.version}\n`);
        return 0;
      case 'help':
        out(`Guichet ${io.version}\n${itUsage}`);
        return 0;
      case 'config': {
        const [sub, ...subArgs] = rest;
        if (sub === 'check') return await runConfigCheck(globals, subArgs, { out, err, env: io.env, platform: io.platform, installed: io.installed, keychain: io.keychain });
        if (sub === 'schema') {
          if (subArgs.length) return usageError('config schema takes no argument');
          out(configJsonSchemaText());
          return 0;
        }
        return usageError(sub ? `config: unknown command ${sub}` : 'config: check or schema?');
      }
      case 'secrets':
        return await runSecretsCommand(rest, { stdin: io.stdin, out, err, keychain: io.keychain });
      case 'audit': {
        const [sub, ...subArgs] = rest;
        const auditIo = { out: io.stdout, env: io.env, platform: io.platform, installed: io.installed, globals, keychain: io.keychain };
        if (sub === 'verify') return await runAuditVerify(subArgs, auditIo);
        if (sub === 'report') return await runAuditReport(subArgs, auditIo, err);
        if (sub === 'key') {
          if (subArgs.length !== 1 || subArgs[0] !== 'export') return usageError('audit key: export?');
          return await runAuditKeyExport(auditIo, err);
        }
        return usageError(sub ? `audit: unknown command ${sub}` : 'audit: verify, key export or report?');
      }
      case 'attendant':
        return await runAttendantUnblock(rest, { out, err, env: io.env, platform: io.platform, installed: io.installed, keychain: io.keychain, globals });
      case 'pin-hash':
        return await runPinHashCommand(rest, { stdin: io.stdin, out, err });
      case 'state':
      case 'fleet': {
        const stateIo = { out, err, env: io.env, platform: io.platform, installed: io.installed, keychain: io.keychain };
        if (rest[0] === '--help' || rest[0] === '-h') {
          out(stateUsage);
          return 0;
        }
        return await (command === 'state' ? runStateCommand : runFleetCommand)(globals, rest, stateIo);
      }
      default:
        return usageError(`unknown command ${command}`);
    }
  } catch (error) {
    err(`guichet ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/**
 * Exits once what was written has left the process: pipes are asynchronous on macOS, and `config schema` writes
 * more than a pipe holds, so an immediate exit could cut the output short.
 */
export function exitWhenFlushed(streams: readonly { write(text: string, done: () => void): unknown }[], exit: (code: number) => void, code: number): void {
  let pending = streams.length;
  if (pending === 0) exit(code);
  for (const stream of streams) {
    stream.write('', () => {
      pending -= 1;
      if (pending === 0) exit(code);
    });
  }
}
