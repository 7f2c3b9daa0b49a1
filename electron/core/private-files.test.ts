import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCore } from './bootstrap';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

let parent: string;
beforeEach(() => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-files-'));
  // A shared parent, as a home folder or /var/lib often is.
  fs.chmodSync(parent, 0o755);
});
afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

async function start(dataDir: string, config: Record<string, unknown> = {}) {
  const file = path.join(parent, 'config.json');
  fs.writeFileSync(file, JSON.stringify({ organization: { name: 'Université Démo' }, ...config }));
  const started = await startCore({ argv: ['--config', file], env: { GUICHET_SECRET_AUDIT_CHAIN_KEY: 'test-audit-key' }, platform: process.platform, dataDir, installed: false, version: '0', log: () => {} });
  expect(started.paths).toBeDefined();
  return started;
}

describe.skipIf(process.platform === 'win32')('data files on Linux and macOS', () => {
  it('keeps the data folder to the kiosk account (0700) and its files to it too (0600)', async () => {
    const dataDir = path.join(parent, 'data');
    const started = await start(dataDir);
    // One line in the audit log and one message in the outbox, as the first visitor would cause.
    const conn = started.core.connect({ send: () => {} });
    await conn.handle('view.get', {});
    conn.close('connection-closed');
    await started.core.shutdown();
    expect(mode(dataDir)).toBe(0o700);
    const files = fs.readdirSync(dataDir);
    expect(files).toEqual(expect.arrayContaining(['state.sqlite', 'directory.sqlite', 'audit.jsonl']));
    for (const name of files) expect([name, mode(path.join(dataDir, name))]).toEqual([name, 0o600]);
  });

  it('tightens a data folder and files left readable by an older version', async () => {
    const dataDir = path.join(parent, 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    for (const name of ['audit.jsonl', 'outbox.jsonl']) fs.writeFileSync(path.join(dataDir, name), '', { mode: 0o644 });
    const started = await start(dataDir);
    await started.core.shutdown();
    expect(mode(dataDir)).toBe(0o700);
    for (const name of fs.readdirSync(dataDir)) expect([name, mode(path.join(dataDir, name))]).toEqual([name, 0o600]);
  });

  it('creates the folders of files configured elsewhere for the kiosk account only', async () => {
    const elsewhere = path.join(parent, 'var', 'guichet');
    const started = await start(path.join(parent, 'data'), { state: { path: path.join(elsewhere, 'state.sqlite') }, audit: { path: path.join(elsewhere, 'audit.jsonl') } });
    await started.core.shutdown();
    expect(mode(elsewhere)).toBe(0o700);
    expect(mode(path.join(elsewhere, 'state.sqlite'))).toBe(0o600);
    expect(mode(path.join(elsewhere, 'audit.jsonl'))).toBe(0o600);
  });
});
