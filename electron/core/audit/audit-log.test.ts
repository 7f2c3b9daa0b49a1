import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../clock';
import { SqliteStateStore } from '../verify/sqlite-state-store';
import { AuditLog, auditCountKey, auditHeadKey, genesisHash, rotatedFiles, rotatedPath, type AuditEvent } from './audit-log';
import { verifyAudit } from './audit-verify';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const readLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
const event = (i: number): AuditEvent => ({ event: 'code.sent', session: `s-${i}`, account: 'amina.benali', outcome: 'ok', detail: { channel: 'sms', i } });

describe('AuditLog', () => {
  let dir: string;
  let path: string;
  let store: SqliteStateStore;
  let t: number;
  const clock: Clock = { now: () => t };
  const open = (maxBytes?: number) => new AuditLog({ path, store, kioskId: 'kiosk-a', clock, maxBytes });
  const head = () => ({ hash: store.getValue(auditHeadKey)!, count: Number(store.getValue(auditCountKey)) });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-audit-'));
    path = join(dir, 'logs', 'audit.jsonl');
    store = new SqliteStateStore(join(dir, 'state.sqlite'));
    t = Date.UTC(2025, 8, 1, 9, 30, 0);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one chained JSON line per event, on disk before append returns', () => {
    const log = open();
    log.append({ event: 'signin.ok', session: 's-1', account: 'amina.benali', outcome: 'ok' });
    expect(readLines(path)).toHaveLength(1);
    t += 1500;
    log.append({ event: 'throttle.hit', outcome: 'refused', detail: { scope: 'account', retryAt: 123, blocked: true } });
    log.close();

    const lines = readLines(path);
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(first!)).toEqual(['at', 'kiosk', 'session', 'account', 'event', 'outcome', 'detail', 'seq', 'prev']);
    expect(first).toEqual({
      at: '2025-09-01T09:30:00.000Z',
      kiosk: 'kiosk-a',
      session: 's-1',
      account: 'amina.benali',
      event: 'signin.ok',
      outcome: 'ok',
      detail: {},
      seq: 1,
      prev: genesisHash,
    });
    expect(second).toEqual({
      at: '2025-09-01T09:30:01.500Z',
      kiosk: 'kiosk-a',
      session: null,
      account: null,
      event: 'throttle.hit',
      outcome: 'refused',
      detail: { scope: 'account', retryAt: 123, blocked: true },
      seq: 2,
      prev: sha256(lines[0]!),
    });
    expect(head()).toEqual({ hash: sha256(lines[1]!), count: 2 });
    expect(verifyAudit([path], head())).toEqual({ ok: true, lines: 2 });
  });

  it('continues the chain after a restart', () => {
    const first = open();
    for (let i = 0; i < 3; i += 1) first.append(event(i));
    first.close();
    const second = open();
    for (let i = 3; i < 5; i += 1) second.append(event(i));
    second.close();
    const lines = readLines(path).map((l) => JSON.parse(l) as { seq: number });
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(verifyAudit([path], head())).toEqual({ ok: true, lines: 5 });
  });

  it('rotates by size and keeps the chain across files', () => {
    const log = open(1000);
    for (let i = 0; i < 30; i += 1) log.append(event(i));
    log.close();

    const rotated = rotatedFiles(path);
    expect(rotated.length).toBeGreaterThan(2);
    expect(rotated[0]).toBe(rotatedPath(path, 1));
    expect(basename(rotated[0]!)).toBe('audit.000001.jsonl');
    for (const file of [...rotated, path]) expect(statSync(file).size).toBeLessThanOrEqual(1000);

    const firstFile = readLines(rotated[0]!);
    const secondFile = readLines(rotated[1]!);
    expect(JSON.parse(secondFile[0]!).prev).toBe(sha256(firstFile.at(-1)!));
    expect(JSON.parse(secondFile[0]!).seq).toBe(firstFile.length + 1);
    expect(verifyAudit([...rotated, path], head())).toEqual({ ok: true, lines: 30 });

    // Rotation numbering carries on after a restart.
    const again = open(1000);
    for (let i = 30; i < 45; i += 1) again.append(event(i));
    again.close();
    const all = rotatedFiles(path);
    expect(all.slice(0, rotated.length)).toEqual(rotated);
    expect(all.length).toBeGreaterThan(rotated.length);
    expect(verifyAudit([...all, path], head())).toEqual({ ok: true, lines: 45 });
  });

  it('after lines vanish from the end, keeps following the recorded head so the gap stays visible', () => {
    const log = open();
    for (let i = 0; i < 5; i += 1) log.append(event(i));
    log.close();
    const lines = readLines(path);
    writeFileSync(path, `${lines.slice(0, 3).join('\n')}\n`);
    expect(verifyAudit([path], head())).toEqual({ ok: false, file: path, line: 4, problem: 'truncated' });

    const reopened = open();
    reopened.append(event(5));
    reopened.close();
    expect(JSON.parse(readLines(path).at(-1)!)).toMatchObject({ seq: 6, prev: sha256(lines[4]!) });
    expect(verifyAudit([path], head())).toEqual({ ok: false, file: path, line: 4, problem: 'deleted' });
  });

  it('picks the chain up from the file when the state store is new', () => {
    const log = open();
    for (let i = 0; i < 3; i += 1) log.append(event(i));
    log.close();
    store.close();
    rmSync(join(dir, 'state.sqlite'));
    store = new SqliteStateStore(join(dir, 'state.sqlite'));

    const reopened = open();
    expect(head()).toEqual({ hash: sha256(readLines(path)[2]!), count: 3 });
    reopened.append(event(3));
    reopened.close();
    expect(verifyAudit([path], head())).toEqual({ ok: true, lines: 4 });
  });

  it('catches up when the store missed the last line (a crash between fsync and the store update)', () => {
    const log = open();
    for (let i = 0; i < 3; i += 1) log.append(event(i));
    log.close();
    const lines = readLines(path);
    store.setValue(auditHeadKey, sha256(lines[1]!));
    store.setValue(auditCountKey, '2');

    const reopened = open();
    reopened.append(event(3));
    reopened.close();
    expect(verifyAudit([path], head())).toEqual({ ok: true, lines: 4 });
  });

  it('finishes a half-written line so the next line starts clean, and verification names the damaged one', () => {
    const log = open();
    for (let i = 0; i < 2; i += 1) log.append(event(i));
    log.close();
    appendFileSync(path, '{"at":"2025-09-01T09:3');

    const reopened = open();
    reopened.append(event(2));
    reopened.close();
    const lines = readLines(path);
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3]!)).toMatchObject({ seq: 3 });
    expect(verifyAudit([path], head())).toEqual({ ok: false, file: path, line: 3, problem: 'malformed' });
  });

  it('creates the log folder and an empty log verifies', () => {
    const log = open();
    log.close();
    expect(existsSync(path)).toBe(true);
    expect(verifyAudit([path])).toEqual({ ok: true, lines: 0 });
  });
});
