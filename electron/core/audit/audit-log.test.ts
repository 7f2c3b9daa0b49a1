import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../clock';
import { SqliteStateStore } from '../verify/sqlite-state-store';
import { chainMac, genesisMac, keyId } from './audit-chain';
import { AuditLog, auditCountKey, auditHeadKey, rotatedFiles, rotatedPath, type AuditEvent } from './audit-log';
import { verifyAudit } from './audit-verify';

const key = 'k3y-for-the-audit-log-tests';
const readLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
const parsed = (file: string) => readLines(file).map((l) => JSON.parse(l) as Record<string, unknown> & { seq: number; event: string; mac: string });
const event = (i: number): AuditEvent => ({ event: 'code.sent', session: `s-${i}`, account: 'amina.benali', outcome: 'ok', detail: { channel: 'sms', i } });
const refusal = (session: string): AuditEvent => ({ event: 'step.refused', session, outcome: 'refused', detail: { request: 'enroll.submit', why: 'step' } });

describe('AuditLog', () => {
  let dir: string;
  let path: string;
  let store: SqliteStateStore;
  let t: number;
  const clock: Clock = { now: () => t };
  const open = (o: { maxBytes?: number; keepDays?: number; at?: string; repeatFlushMs?: number } = {}) =>
    new AuditLog({ path: o.at ?? path, store, kioskId: 'kiosk-a', clock, key, maxBytes: o.maxBytes, keepDays: o.keepDays, repeatFlushMs: o.repeatFlushMs });
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

  it('starts the file with a header, then one keyed line per event, on disk before append returns', () => {
    const log = open();
    log.append({ event: 'signin.ok', session: 's-1', account: 'amina.benali', outcome: 'ok' });
    expect(readLines(path)).toHaveLength(2);
    t += 1500;
    log.append({ event: 'throttle.hit', outcome: 'refused', detail: { scope: 'account', retryAt: 123, blocked: true } });
    log.close();

    const texts = readLines(path);
    const [header, first, second] = parsed(path);
    expect(header).toMatchObject({ event: 'audit.file', seq: 1, prev: genesisMac, detail: { keyId: keyId(key), previousSeq: 0, previousMac: genesisMac } });
    expect(Object.keys(first!)).toEqual(['at', 'kiosk', 'session', 'account', 'event', 'outcome', 'detail', 'seq', 'prev', 'mac']);
    expect(first).toMatchObject({ at: '2025-09-01T09:30:00.000Z', kiosk: 'kiosk-a', session: 's-1', account: 'amina.benali', event: 'signin.ok', outcome: 'ok', detail: {}, seq: 2, prev: header!.mac });
    expect(second).toMatchObject({ at: '2025-09-01T09:30:01.500Z', session: null, event: 'throttle.hit', seq: 3, prev: first!.mac });
    // The MAC is keyed over the raw text before it, `prev` included.
    expect(second!.mac).toBe(chainMac(key, texts[2]!.slice(0, texts[2]!.indexOf(',"mac":'))));
    expect(head()).toEqual({ hash: second!.mac, count: 3 });
    expect(verifyAudit([path], key, head())).toEqual({ ok: true, lines: 3 });
  });

  it('continues the chain after a restart, without a second header', () => {
    const first = open();
    for (let i = 0; i < 3; i += 1) first.append(event(i));
    first.close();
    const second = open();
    for (let i = 3; i < 5; i += 1) second.append(event(i));
    second.close();
    expect(parsed(path).map((l) => [l.seq, l.event === 'audit.file'])).toEqual([[1, true], [2, false], [3, false], [4, false], [5, false], [6, false]]);
    expect(verifyAudit([path], key, head())).toEqual({ ok: true, lines: 6 });
  });

  it('rotates by size; each file starts with a header naming the one before, verifies alone, and the set in any order', () => {
    const log = open({ maxBytes: 1200 });
    for (let i = 0; i < 30; i += 1) log.append(event(i));
    log.close();

    const rotated = rotatedFiles(path);
    expect(rotated.length).toBeGreaterThan(2);
    expect(basename(rotated[0]!)).toBe('audit.000001.jsonl');
    for (const file of [...rotated, path]) expect(statSync(file).size).toBeLessThanOrEqual(1200);

    const [one, two] = [parsed(rotated[0]!), parsed(rotated[1]!)];
    expect(two[0]).toMatchObject({ event: 'audit.file', seq: one.at(-1)!.seq + 1, prev: one.at(-1)!.mac, detail: { previousFile: 'audit.000001.jsonl', previousSeq: one.at(-1)!.seq, previousMac: one.at(-1)!.mac } });
    expect(verifyAudit([rotated[1]!], key)).toEqual({ ok: true, lines: two.length, from: { file: 'audit.000001.jsonl', seq: one.at(-1)!.seq } });
    const all = [...rotated, path];
    const total = all.reduce((n, f) => n + readLines(f).length, 0);
    expect(verifyAudit(all, key, head())).toEqual({ ok: true, lines: total });
    expect(verifyAudit([...all].reverse(), key, head())).toEqual({ ok: true, lines: total });

    // Rotation numbering carries on after a restart.
    const again = open({ maxBytes: 1200 });
    for (let i = 30; i < 45; i += 1) again.append(event(i));
    again.close();
    const later = rotatedFiles(path);
    expect(later.slice(0, rotated.length)).toEqual(rotated);
    expect(later[0]).toBe(rotatedPath(path, 1));
    expect(verifyAudit([path, ...later], key, head())).toMatchObject({ ok: true });
  });

  it('after lines vanish from the end, keeps following the recorded head so the gap stays visible', () => {
    const log = open();
    for (let i = 0; i < 5; i += 1) log.append(event(i));
    log.close();
    const lines = readLines(path);
    writeFileSync(path, `${lines.slice(0, 3).join('\n')}\n`);
    expect(verifyAudit([path], key)).toEqual({ ok: true, lines: 3 });
    expect(verifyAudit([path], key, head())).toEqual({ ok: false, file: path, line: 4, problem: 'truncated' });

    const reopened = open();
    reopened.append(event(5));
    reopened.close();
    expect(JSON.parse(readLines(path).at(-1)!)).toMatchObject({ seq: 7, prev: JSON.parse(lines[5]!).mac });
    expect(verifyAudit([path], key, head())).toEqual({ ok: false, file: path, line: 4, problem: 'deleted' });
  });

  it('picks the chain up from the file when the state store is new', () => {
    const log = open();
    for (let i = 0; i < 3; i += 1) log.append(event(i));
    log.close();
    store.close();
    rmSync(join(dir, 'state.sqlite'));
    store = new SqliteStateStore(join(dir, 'state.sqlite'));

    const reopened = open();
    expect(head()).toEqual({ hash: parsed(path)[3]!.mac, count: 4 });
    reopened.append(event(3));
    reopened.close();
    expect(verifyAudit([path], key, head())).toEqual({ ok: true, lines: 5 });
  });

  it('catches up when the store missed the last line (a crash between fsync and the store update)', () => {
    const log = open();
    for (let i = 0; i < 3; i += 1) log.append(event(i));
    log.close();
    const lines = parsed(path);
    store.setValue(auditHeadKey, lines[2]!.mac);
    store.setValue(auditCountKey, '3');

    const reopened = open();
    reopened.append(event(3));
    reopened.close();
    expect(verifyAudit([path], key, head())).toEqual({ ok: true, lines: 5 });
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
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[4]!)).toMatchObject({ seq: 4 });
    expect(verifyAudit([path], key, head())).toEqual({ ok: false, file: path, line: 4, problem: 'malformed' });
  });

  it('a changed audit.path starts a new file that continues from the old one: old, new and both verify', () => {
    const log = open();
    for (let i = 0; i < 4; i += 1) log.append(event(i));
    log.close();
    const moved = join(dir, 'elsewhere', 'trail.jsonl');
    const next = open({ at: moved });
    for (let i = 4; i < 7; i += 1) next.append(event(i));
    next.close();

    expect(parsed(moved)[0]).toMatchObject({ event: 'audit.file', seq: 6, detail: { previousFile: 'audit.jsonl', previousSeq: 5 } });
    expect(verifyAudit([path], key)).toEqual({ ok: true, lines: 5 });
    expect(verifyAudit([moved], key, head())).toEqual({ ok: true, lines: 4, from: { file: 'audit.jsonl', seq: 5 } });
    expect(verifyAudit([moved, path], key, head())).toEqual({ ok: true, lines: 9 });
  });

  it('writes 5,000 repeats of one refusal from one session as a few lines with a count, which verify', () => {
    const log = open();
    log.append({ event: 'signin.ok', session: 'attacker', account: 'amina.benali', outcome: 'ok' });
    for (let i = 0; i < 5000; i += 1) {
      t += 1;
      log.append(refusal('attacker'));
    }
    log.append({ event: 'session.wiped', session: 'attacker', outcome: 'ok', detail: { reason: 'idle' } });
    log.close();

    const lines = parsed(path);
    expect(statSync(path).size).toBeLessThan(4096);
    const refused = lines.filter((l) => l.event === 'step.refused');
    expect(refused).toHaveLength(2);
    expect(refused[0]!.count).toBeUndefined();
    expect(refused[1]).toMatchObject({ count: 4999, at: new Date(t).toISOString(), detail: { request: 'enroll.submit', why: 'step', since: new Date(t - 4998).toISOString() } });
    // The count line comes before what the session did next.
    expect(lines.map((l) => l.event)).toEqual(['audit.file', 'signin.ok', 'step.refused', 'step.refused', 'session.wiped']);
    expect(verifyAudit([path], key, head())).toEqual({ ok: true, lines: 5 });
  });

  it('keeps other sessions and other refusals apart, and writes held repeats after repeatFlushMs or at close', async () => {
    const log = open({ repeatFlushMs: 20 });
    for (let i = 0; i < 3; i += 1) log.append(refusal('a'));
    for (let i = 0; i < 2; i += 1) log.append(refusal('b'));
    log.append({ ...refusal('a'), detail: { request: 'recovery.start', why: 'step' } });
    await new Promise((r) => setTimeout(r, 60));
    const counted = () => parsed(path).filter((l) => l.event === 'step.refused').map((l) => [l.session, l.count ?? 1]);
    expect(counted()).toEqual([['a', 1], ['b', 1], ['a', 2], ['a', 1], ['b', 1]]);
    log.append(refusal('c'));
    log.append(refusal('c'));
    log.close();
    expect(counted().slice(-2)).toEqual([['c', 1], ['c', 1]]);
    expect(counted().reduce((n, [, c]) => n + Number(c), 0)).toBe(8);
  });

  it('prunes rotated files older than keepDays with an audit.pruned line, and what remains verifies', () => {
    const log = open({ maxBytes: 1200, keepDays: 30 });
    for (let i = 0; i < 20; i += 1) log.append(event(i));
    log.close();
    const old = rotatedFiles(path);
    expect(old.length).toBeGreaterThan(1);
    const lastOld = parsed(old.at(-1)!).at(-1)!;

    t += 31 * 24 * 3600 * 1000;
    const later = open({ maxBytes: 1200, keepDays: 30 });
    later.append(event(20));
    later.close();

    for (const file of old) expect(existsSync(file)).toBe(false);
    // The file that was current held only old lines too: it may be rotated out and pruned in its turn.
    const prunedLines = [...rotatedFiles(path), path].flatMap(parsed).filter((l) => l.event === 'audit.pruned');
    const prunedFiles = prunedLines.flatMap((l) => String((l.detail as { files: string }).files).split(','));
    expect(prunedFiles.slice(0, old.length)).toEqual(old.map((f) => basename(f)));
    expect(prunedLines[0]!.detail).toEqual({ files: old.map((f) => basename(f)).join(','), lastSeq: lastOld.seq, lastMac: lastOld.mac, keepDays: 30 });
    const remaining = [...rotatedFiles(path), path];
    const newestPruned = prunedLines.at(-1)!.detail as { lastSeq: number };
    expect(verifyAudit(remaining, key, head())).toMatchObject({ ok: true, from: { seq: newestPruned.lastSeq } });
  });

  it('creates the log folder private to the kiosk account, and a new log verifies', () => {
    const log = open();
    log.close();
    expect(existsSync(path)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o077).toBe(0);
    expect(verifyAudit([path], key)).toEqual({ ok: true, lines: 1 });
  });
});
