import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../verify/sqlite-state-store';
import { AuditLog, auditCountKey, auditHeadKey, rotatedFiles } from './audit-log';
import { firstSeq, verifyAudit, type AuditHead } from './audit-verify';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const readLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
const writeLines = (file: string, lines: string[]) => writeFileSync(file, lines.map((l) => `${l}\n`).join(''));

describe('verifyAudit', () => {
  let dir: string;
  let path: string;
  let head: AuditHead;

  /** Writes `n` events through the real log and returns the recorded head. */
  function write(n: number, maxBytes?: number): void {
    const store = new SqliteStateStore(':memory:');
    let t = Date.UTC(2025, 8, 1, 8, 0, 0);
    const log = new AuditLog({ path, store, kioskId: 'kiosk-a', clock: { now: () => (t += 1000) }, maxBytes });
    for (let i = 0; i < n; i += 1) log.append({ event: i % 2 ? 'code.fail' : 'code.sent', session: 's-1', account: 'amina.benali', outcome: i % 2 ? 'fail' : 'ok', detail: { i } });
    log.close();
    head = { hash: store.getValue(auditHeadKey)!, count: Number(store.getValue(auditCountKey)) };
    store.close();
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-verify-'));
    path = join(dir, 'audit.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts an untouched log, with and without the recorded head', () => {
    write(6);
    expect(verifyAudit([path])).toEqual({ ok: true, lines: 6 });
    expect(verifyAudit([path], head)).toEqual({ ok: true, lines: 6 });
  });

  it('finds an edited line through the next line’s prev', () => {
    write(6);
    const lines = readLines(path);
    lines[2] = lines[2]!.replace('"outcome":"ok"', '"outcome":"fail"');
    writeLines(path, lines);
    expect(verifyAudit([path], head)).toEqual({ ok: false, file: path, line: 3, problem: 'edited' });
  });

  it('finds an edited last line only against the recorded head', () => {
    write(4);
    const lines = readLines(path);
    lines[3] = lines[3]!.replace('"account":"amina.benali"', '"account":"someone.else"');
    writeLines(path, lines);
    expect(verifyAudit([path])).toEqual({ ok: true, lines: 4 });
    expect(verifyAudit([path], head)).toEqual({ ok: false, file: path, line: 4, problem: 'edited' });
  });

  it('tells a deleted middle line from an edit', () => {
    write(6);
    const lines = readLines(path);
    lines.splice(3, 1);
    writeLines(path, lines);
    expect(verifyAudit([path], head)).toEqual({ ok: false, file: path, line: 4, problem: 'deleted' });
  });

  it('finds a deleted first line', () => {
    write(3);
    writeLines(path, readLines(path).slice(1));
    expect(verifyAudit([path])).toEqual({ ok: false, file: path, line: 1, problem: 'deleted' });
  });

  it('finds an inserted line, copied or forged', () => {
    write(5);
    const lines = readLines(path);
    writeLines(path, [...lines.slice(0, 3), lines[2]!, ...lines.slice(3)]);
    expect(verifyAudit([path], head)).toEqual({ ok: false, file: path, line: 4, problem: 'inserted' });

    // A forged line that links correctly to the line before it pushes the real next line out of sequence.
    const forged = JSON.stringify({ ...JSON.parse(lines[2]!), seq: 4, prev: sha256(lines[2]!), event: 'password.reset.ok' });
    writeLines(path, [...lines.slice(0, 3), forged, ...lines.slice(3)]);
    expect(verifyAudit([path], head)).toEqual({ ok: false, file: path, line: 5, problem: 'inserted' });
  });

  it('finds deleted last lines through the recorded count', () => {
    write(5);
    writeLines(path, readLines(path).slice(0, 4));
    expect(verifyAudit([path])).toEqual({ ok: true, lines: 4 });
    expect(verifyAudit([path], head)).toEqual({ ok: false, file: path, line: 5, problem: 'truncated' });
    writeFileSync(path, '');
    expect(verifyAudit([path], head)).toEqual({ ok: false, file: path, line: 1, problem: 'truncated' });
  });

  it('finds lines appended beyond the recorded head', () => {
    write(5);
    const lines = readLines(path);
    writeLines(path, lines.slice(0, 5));
    expect(verifyAudit([path], { hash: sha256(lines[2]!), count: 3 })).toEqual({ ok: false, file: path, line: 4, problem: 'inserted' });
  });

  it('calls anything that is not a chain line malformed', () => {
    write(4);
    const lines = readLines(path);
    for (const bad of ['not json', '', '[]', '{"seq":3}', JSON.stringify({ ...JSON.parse(lines[2]!), prev: 'abc' })]) {
      writeLines(path, [...lines.slice(0, 2), bad, ...lines.slice(3)]);
      expect(verifyAudit([path], head)).toEqual({ ok: false, file: path, line: 3, problem: 'malformed' });
    }
  });

  it('follows the chain across rotated files and names the file at fault', () => {
    write(30, 900);
    const files = [...rotatedFiles(path), path];
    expect(files.length).toBeGreaterThan(2);
    expect(verifyAudit(files, head)).toEqual({ ok: true, lines: 30 });

    // Files out of order, or one left out, break the chain.
    expect(verifyAudit([files[1]!, files[0]!, ...files.slice(2)], head)).toMatchObject({ ok: false, problem: 'deleted' });
    expect(verifyAudit([files[0]!, ...files.slice(2)], head)).toMatchObject({ ok: false, file: files[2], line: 1, problem: 'deleted' });
    expect(firstSeq(files[1]!)).toBe(readLines(files[0]!).length + 1);

    const first = readLines(files[0]!);
    const last = first.length - 1;
    first[last] = first[last]!.replace('"kiosk":"kiosk-a"', '"kiosk":"kiosk-b"');
    writeLines(files[0]!, first);
    expect(verifyAudit(files, head)).toEqual({ ok: false, file: files[0], line: first.length, problem: 'edited' });
  });
});
