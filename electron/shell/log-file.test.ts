import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogFile } from './log-file';

let dir: string;
beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(tmpdir(), 'guichet-log-')), 'logs');
});
afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

describe('createLogFile', () => {
  it('creates the folder, stamps each line and echoes it', () => {
    const echo = vi.fn();
    const { log, file } = createLogFile({ dir, now: () => new Date('2025-01-02T03:04:05Z'), echo });
    log('main: started');
    log('window: new visitor window (wiped)');
    expect(readFileSync(file, 'utf8')).toBe('2025-01-02T03:04:05.000Z main: started\n2025-01-02T03:04:05.000Z window: new visitor window (wiped)\n');
    expect(echo).toHaveBeenCalledWith('2025-01-02T03:04:05.000Z main: started');
  });

  it('rotates by size and keeps a bounded number of files', () => {
    const { log, file } = createLogFile({ dir, maxBytes: 100, keep: 2, now: () => new Date(0) });
    for (let i = 0; i < 20; i++) log(`line ${i} ${'x'.repeat(30)}`);
    expect(readdirSync(dir).sort()).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    expect(readFileSync(file, 'utf8')).toContain('line 19');
    // Each stamped line is over half the limit, so each file holds one: the newest three survive.
    expect(readFileSync(`${file}.1`, 'utf8')).toContain('line 18');
    expect(readFileSync(`${file}.2`, 'utf8')).toContain('line 17');
    for (const name of readdirSync(dir)) expect(readFileSync(path.join(dir, name)).byteLength).toBeLessThanOrEqual(100);
  });

  it('never throws when the folder cannot be written', () => {
    const echo = vi.fn();
    const notAFolder = path.join(path.dirname(dir), 'file');
    writeFileSync(notAFolder, '');
    const { log } = createLogFile({ dir: path.join(notAFolder, 'logs'), echo });
    expect(() => log('still fine')).not.toThrow();
    expect(echo).toHaveBeenCalled();
  });
});
