import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { configErrorMap } from './config-error-map';
import { locateJsonSyntaxError } from './json-syntax-error';
import { readLogo } from './logo';
import { safeParseEveryProblem } from './parse-every-problem';
import { configSchema, type Config } from './schema';
import { machineConfigPath } from './machine-config-path';

export type ConfigSource = { kind: 'argument' | 'environment' | 'machine' | 'built-in'; file?: string };

/** `excerpt`: lines of the file that show where (a JSON syntax error: the line and a caret under the spot). */
export type ConfigProblem = { path: string; message: string; excerpt?: string[] };

/** `raw`: the file's JSON as read, when it could be parsed (the out-of-service screen salvages its organization). */
export type LoadedConfig =
  | { ok: true; config: Config; source: ConfigSource; raw?: unknown }
  | { ok: false; source: ConfigSource; problems: ConfigProblem[]; raw?: unknown };

export type LoadOptions = {
  argv: string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Installed apps refuse a machine-wide file that non-administrators could rewrite. */
  installed: boolean;
};

export function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const prefix = `${name}=`;
  return argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

/** Lookup order: --config FILE, GUICHET_CONFIG, the machine-wide file, then the built-in demo config. */
export function findConfig(opts: LoadOptions): ConfigSource {
  const fromArg = argValue(opts.argv, '--config');
  if (fromArg) return { kind: 'argument', file: path.resolve(fromArg) };
  if (opts.env.GUICHET_CONFIG) return { kind: 'environment', file: path.resolve(opts.env.GUICHET_CONFIG) };
  const machine = machineConfigPath(opts.platform, opts.env);
  if (fs.existsSync(machine)) return { kind: 'machine', file: machine };
  return { kind: 'built-in' };
}

export function loadConfig(opts: LoadOptions): LoadedConfig {
  const source = findConfig(opts);
  if (!source.file) return parseConfig({}, source);
  if (source.kind === 'machine' && opts.installed) {
    const unsafe = machineConfigRefusal(source.file, opts.platform);
    if (unsafe) return { ok: false, source, problems: [{ path: '(file)', message: unsafe }] };
  }
  let text: string;
  try {
    // Notepad and PowerShell's Out-File write a byte-order mark that JSON.parse refuses.
    text = fs.readFileSync(source.file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    return { ok: false, source, problems: [{ path: '(file)', message: `cannot be read: ${(err as Error).message}` }] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    const where = locateJsonSyntaxError(text, err);
    const message = `not valid JSON at line ${where.line}, column ${where.column}: ${where.message}`;
    return { ok: false, source, problems: [{ path: '(file)', message, excerpt: where.excerpt }] };
  }
  return parseConfig(raw, source);
}

export function parseConfig(raw: unknown, source: ConfigSource): LoadedConfig {
  const parsed = safeParseEveryProblem(configSchema, raw, { error: configErrorMap });
  if (!parsed.success) return { ok: false, source, problems: parsed.issues.map(describeIssue), raw };
  return { ...embedLogo(parsed.data, source), raw };
}

/**
 * `organization.logo` names a file (relative to the config file); once loaded it holds the image itself, a `data:`
 * URL, so that a logo that cannot be shown stops the start like any other config mistake.
 */
function embedLogo(config: Config, source: ConfigSource): LoadedConfig {
  const logo = config.organization.logo;
  if (logo === undefined) return { ok: true, config, source };
  const read = readLogo(path.resolve(source.file ? path.dirname(source.file) : process.cwd(), logo));
  if (!read.ok) return { ok: false, source, problems: [{ path: 'organization.logo', message: read.message }] };
  return { ok: true, config: { ...config, organization: { ...config.organization, logo: read.dataUrl } }, source };
}

function describeIssue(issue: z.core.$ZodIssue): ConfigProblem {
  return { path: jsonPath(issue.path), message: issue.message };
}

/** `delivery.sms.successStatuses[1]`; `(root)` for the file's top level. */
function jsonPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`)).join('');
}

/**
 * One line per problem (names the file, the JSON path and what was expected). `showLines` adds the excerpt of the
 * file under a syntax error, for `config check` on IT's terminal; the app's log leaves it out, since a line of the file
 * may hold a secret pasted in place of its `secret:NAME`.
 */
export function formatProblems(result: Extract<LoadedConfig, { ok: false }>, { showLines = false } = {}): string[] {
  const file = result.source.file ?? 'built-in config';
  return result.problems.flatMap((p) => [`config invalid: ${file}: ${p.path}: ${p.message}`, ...(showLines ? (p.excerpt ?? []) : [])]);
}

/**
 * POSIX: the file and its folder must not be writable by group or others (nor owned by a non-root user).
 * Windows ACLs cannot be read from Node without a native module, and nothing creates %ProgramData%\Guichet for IT:
 * the admin guide has IT create it with administrators-only write (icacls) before dropping the file.
 */
export function machineConfigRefusal(file: string, platform: NodeJS.Platform): string | undefined {
  if (platform === 'win32') return undefined;
  for (const target of [file, path.dirname(file)]) {
    const st = fs.statSync(target);
    if ((st.mode & 0o022) !== 0) return `${target} is writable by non-administrators (mode ${(st.mode & 0o777).toString(8)}); refused`;
    if (st.uid !== 0) return `${target} is not owned by root; refused`;
  }
  return undefined;
}
