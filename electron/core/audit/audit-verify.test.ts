import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../verify/sqlite-state-store';
import { sealLine } from './audit-chain';
import { AuditLog, auditCountKey, auditHeadKey, rotatedFiles } from './audit-log';
import { verifyAudit, type AuditHead } from './audit-verify';

const key = 'the-fleet-audit-key';
const readLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
const writeLines = (file: string, lines: string[]) => writeFileSync(file, lines.map((l) => `${l}\n`).join(''));

/** Re-chains lines as someone who can edit the files but does not have the key would: any key but the right one. */
function rechain(lines: string[], withKey: string, edit: (fields: Record<string, unknown>, i: number) => void): string[] {
  let prev = JSON.parse(lines[0]!).prev as string;
  return lines.map((text, i) => {
    const { mac: _mac, ...fields } = JSON.parse(text) as Record<string, unknown>;
    edit(fields, i);
    fields.prev = prev;
    const sealed = sealLine(withKey, fields);
    prev = sealed.mac;
    return sealed.text;
  });
}

describe('verifyAudit', () => {
  let dir: string;
  let path: string;
  let head: AuditHead;

  /** Writes `n` events (plus the header) through the real log and keeps the recorded head. */
  function write(n: number, maxBytes?: number): void {
    const store = new SqliteStateStore(':memory:');
    let t = Date.UTC(2025, 8, 1, 8, 0, 0);
    const log = new AuditLog({ path, store, kioskId: 'kiosk-a', clock: { now: () => (t += 1000) }, key, maxBytes });
    for (let i = 0; i < n; i += 1) log.append({ event: i % 2 ? 'code.fail' : 'code.sent', session: `s-${i}`, account: 'amina.benali', outcome: i % 2 ? 'fail' : 'ok', detail: { i } });
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
    expect(verifyAudit([path], key)).toEqual({ ok: true, lines: 7 });
    expect(verifyAudit([path], key, head)).toEqual({ ok: true, lines: 7 });
  });

  it('finds an edited line by its own MAC, the last line included and without the recorded head', () => {
    write(6);
    const lines = readLines(path);
    for (const at of [2, 6]) {
      const edited = [...lines];
      edited[at] = edited[at]!.replace('"account":"amina.benali"', '"account":"someone.else"');
      writeLines(path, edited);
      expect(verifyAudit([path], key)).toEqual({ ok: false, file: path, line: at + 1, problem: 'edited' });
    }
    // Not even a space may change.
    writeLines(path, lines.map((l, i) => (i === 3 ? l.replace('":', '": ') : l)));
    expect(verifyAudit([path], key)).toEqual({ ok: false, file: path, line: 4, problem: 'edited' });
  });

  it('tells a deleted middle line, a deleted first line and a deleted header apart from an edit', () => {
    write(6);
    const lines = readLines(path);
    writeLines(path, [...lines.slice(0, 3), ...lines.slice(4)]);
    expect(verifyAudit([path], key, head)).toEqual({ ok: false, file: path, line: 4, problem: 'deleted' });
    writeLines(path, lines.slice(1));
    expect(verifyAudit([path], key)).toEqual({ ok: false, file: path, line: 1, problem: 'deleted' });
    writeLines(path, lines.slice(2));
    expect(verifyAudit([path], key)).toEqual({ ok: false, file: path, line: 1, problem: 'deleted' });
  });

  it('finds an inserted line, copied or forged without the key', () => {
    write(5);
    const lines = readLines(path);
    writeLines(path, [...lines.slice(0, 3), lines[2]!, ...lines.slice(3)]);
    expect(verifyAudit([path], key, head)).toEqual({ ok: false, file: path, line: 4, problem: 'inserted' });

    const forged = sealLine('a-guess', { ...JSON.parse(lines[2]!), mac: undefined, seq: 3, prev: JSON.parse(lines[2]!).mac, event: 'password.reset.ok' }).text;
    writeLines(path, [...lines.slice(0, 3), forged, ...lines.slice(3)]);
    expect(verifyAudit([path], key, head)).toEqual({ ok: false, file: path, line: 4, problem: 'edited' });
  });

  it('finds reordered lines', () => {
    write(6);
    const lines = readLines(path);
    writeLines(path, [...lines.slice(0, 3), lines[4]!, lines[3]!, ...lines.slice(5)]);
    expect(verifyAudit([path], key, head)).toEqual({ ok: false, file: path, line: 4, problem: 'reordered' });
  });

  it('finds lines cut from the end only against the recorded head', () => {
    write(5);
    const lines = readLines(path);
    writeLines(path, lines.slice(0, 4));
    expect(verifyAudit([path], key)).toEqual({ ok: true, lines: 4 });
    expect(verifyAudit([path], key, head)).toEqual({ ok: false, file: path, line: 5, problem: 'truncated' });
    writeFileSync(path, '');
    expect(verifyAudit([path], key, head)).toEqual({ ok: false, file: path, line: 1, problem: 'truncated' });
  });

  it('finds lines appended beyond the recorded head', () => {
    write(5);
    const lines = readLines(path);
    expect(verifyAudit([path], key, { hash: JSON.parse(lines[2]!).mac, count: 3 })).toEqual({ ok: false, file: path, line: 4, problem: 'inserted' });
  });

  it('refuses a log re-chained without the key, and a verifier holding another key', () => {
    write(5);
    const lines = readLines(path);
    const sha256 = createHash('sha256').update('guess').digest('hex');
    writeLines(path, rechain(lines, sha256, (f, i) => i === 3 && (f.outcome = 'ok')));
    expect(verifyAudit([path], key)).toEqual({ ok: false, file: path, line: 1, problem: 'key' });
    // Re-chained from the edited line on, keeping the genuine lines before it.
    writeLines(path, [...lines.slice(0, 3), ...rechain(lines.slice(3), 'guess', (f) => (f.account = 'someone.else'))]);
    expect(verifyAudit([path], key)).toEqual({ ok: false, file: path, line: 4, problem: 'edited' });
    writeLines(path, lines);
    expect(verifyAudit([path], 'another-key')).toEqual({ ok: false, file: path, line: 1, problem: 'key' });
  });

  it('calls anything that is not a chain line malformed', () => {
    write(4);
    const lines = readLines(path);
    for (const bad of ['not json', '', '[]', '{"seq":3}', lines[2]!.replace(/"prev":"[0-9a-f]+"/, '"prev":"abc"')]) {
      writeLines(path, [...lines.slice(0, 2), bad, ...lines.slice(3)]);
      expect(verifyAudit([path], key, head)).toEqual({ ok: false, file: path, line: 3, problem: 'malformed' });
    }
  });

  it('follows the chain across rotated files in any order, and finds a missing or damaged file', () => {
    write(30, 1200);
    const files = [...rotatedFiles(path), path];
    expect(files.length).toBeGreaterThan(2);
    const total = files.reduce((n, f) => n + readLines(f).length, 0);
    expect(verifyAudit(files, key, head)).toEqual({ ok: true, lines: total });
    expect(verifyAudit([files[1]!, path, files[0]!, ...files.slice(2, -1)], key, head)).toEqual({ ok: true, lines: total });
    for (const file of files) expect(verifyAudit([file], key)).toMatchObject({ ok: true });

    expect(verifyAudit([files[0]!, ...files.slice(2)], key, head)).toMatchObject({ ok: false, file: files[2], line: 1, problem: 'deleted' });

    const first = readLines(files[0]!);
    first[first.length - 1] = first.at(-1)!.replace('"kiosk":"kiosk-a"', '"kiosk":"kiosk-b"');
    writeLines(files[0]!, first);
    expect(verifyAudit(files, key, head)).toEqual({ ok: false, file: files[0], line: first.length, problem: 'edited' });
  });
});
