import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Debian's Chromium, as the end-to-end tests use it; GUICHET_CHROMIUM overrides it, as for the tests. */
export const chromiumPath = process.env.GUICHET_CHROMIUM ?? '/usr/bin/chromium';

function run(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 }).trim();
  } catch {
    return undefined;
  }
}

/** What the numbers were measured on: they mean little without it. */
export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    loadAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

export function versions(): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
  const chromium = /[\d.]+\d/.exec(run(chromiumPath, ['--version']) ?? '')?.[0] ?? 'unavailable';
  const slapd = /slapd ([\d.]+)/.exec(slapdBanner())?.[1] ?? 'unavailable';
  const head = run('git', ['-C', repo, 'rev-parse', '--short', 'HEAD']);
  // Numbers from a tree with uncommitted changes do not describe that commit alone.
  const dirty = head !== undefined && (run('git', ['-C', repo, 'status', '--porcelain', '--untracked-files=no']) ?? '') !== '';
  const commit = head === undefined ? 'unknown' : dirty ? `${head} (with uncommitted changes)` : head;
  return { guichet: pkg.version, commit, node: process.version, chromium, slapd };
}

// `slapd -VV` prints its banner on standard error.
function slapdBanner(): string {
  try {
    const out = spawnSync('slapd', ['-VV'], { encoding: 'utf8', timeout: 10_000 });
    return `${out.stdout ?? ''}${out.stderr ?? ''}`;
  } catch {
    return '';
  }
}
