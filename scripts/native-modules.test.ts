import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const script = path.join(root, 'scripts/native-modules.mjs');
const recordFile = path.join(root, 'node_modules/.guichet-native-abi.json');
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8' });
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
    expect(Object.keys(recorded.files)).toEqual(expect.arrayContaining(['better-sqlite3/better_sqlite3.node', 'keytar/keytar.node']));

    const second = run('node');
    expect(second.status).toBe(0);
    expect(second.stdout).toBe('');
  });

  it('notices binaries changed behind its back (another build) and checks again', () => {
    run('node');
    const recorded = JSON.parse(readFileSync(recordFile, 'utf8'));
    recorded.files['keytar/keytar.node'] = '0'.repeat(64);
    writeFileSync(recordFile, JSON.stringify(recorded));
    const again = run('node');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already built for node');
    expect(JSON.parse(readFileSync(recordFile, 'utf8')).files['keytar/keytar.node']).not.toBe('0'.repeat(64));
  });

  it('does not trust a record made for another runtime', () => {
    writeFileSync(recordFile, JSON.stringify({ runtime: 'electron', version: '38.8.6', arch: process.arch, files: {} }));
    expect(run('node').stdout).toContain('already built for node');
  });

  it('refuses an unknown runtime', () => {
    const result = run('deno');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage');
  });
});
