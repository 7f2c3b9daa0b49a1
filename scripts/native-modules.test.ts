import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const script = path.join(root, 'scripts/native-modules.mjs');
const recordFile = path.join(root, 'node_modules/.guichet-native-abi.json');
const runWith = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
const run = (...args: string[]) => runWith({}, ...args);
let saved: string | null = null;
beforeAll(() => {
  saved = existsSync(recordFile) ? readFileSync(recordFile, 'utf8') : null;
});
afterAll(() => {
  if (saved === null) rmSync(recordFile, { force: true });
  else writeFileSync(recordFile, saved);
});

describe('native-modules.mjs', () => {
  it('probes an unrecorded state, records what it found, then does nothing', () => {
    rmSync(recordFile, { force: true });
    const first = run('node');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`already built for node ${process.versions.node}`);
    const recorded = JSON.parse(readFileSync(recordFile, 'utf8'));
    expect(recorded).toMatchObject({ runtime: 'node', version: process.versions.node, arch: process.arch });
    expect(Object.keys(recorded.files)).toEqual(expect.arrayContaining([`better-sqlite3/prebuilds/${process.platform}-${process.arch}.node`, 'keytar/build/Release/keytar.node']));

    const second = run('node');
    expect(second.status).toBe(0);
    expect(second.stdout).toBe('');
  });

  it('notices binaries changed behind its back (another build) and checks again', () => {
    run('node');
    const recorded = JSON.parse(readFileSync(recordFile, 'utf8'));
    recorded.files['keytar/build/Release/keytar.node'] = '0'.repeat(64);
    writeFileSync(recordFile, JSON.stringify(recorded));
    const again = run('node');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already built for node');
    expect(JSON.parse(readFileSync(recordFile, 'utf8')).files['keytar/build/Release/keytar.node']).not.toBe('0'.repeat(64));
  });

  it('does not trust a record made for another runtime', () => {
    writeFileSync(recordFile, JSON.stringify({ runtime: 'electron', version: '45.5.0', arch: process.arch, files: {} }));
    expect(run('node').stdout).toContain('already built for node');
  });

  it('stays offline for Electron when its binary is missing and ELECTRON_SKIP_BINARY_DOWNLOAD is set', () => {
    const result = runWith({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_OVERRIDE_DIST_PATH: '' }, 'electron');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('the Electron binary is not here');
    expect(result.stdout).not.toContain('fetching');
  });

  it('probes the modules in the Electron binary it finds, as Node (ELECTRON_RUN_AS_NODE), and records that', () => {
    // Electron's binary cannot be downloaded here: this Node stands in for it through the override Electron reads.
    const dist = mkdtempSync(path.join(tmpdir(), 'electron-dist-'));
    symlinkSync(process.execPath, path.join(dist, 'electron'));
    const result = runWith({ ELECTRON_OVERRIDE_DIST_PATH: dist }, 'electron');
    rmSync(dist, { recursive: true, force: true });
    expect(result.status, result.stderr).toBe(0);
    const version = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
    expect(result.stdout).toContain(`already built for electron ${version}`);
    expect(JSON.parse(readFileSync(recordFile, 'utf8'))).toMatchObject({ runtime: 'electron', version });
  });

  it('refuses an unknown runtime', () => {
    const result = run('deno');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage');
  });
});
