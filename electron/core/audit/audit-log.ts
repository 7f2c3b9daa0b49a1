import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Clock } from '../clock';
import type { SqliteStateStore } from '../verify/sqlite-state-store';
import { genesisMac, headerEvent, keyId, parseChainLine, prunedEvent, sealLine } from './audit-chain';

export type AuditEventName =
  | 'signin.ok'
  | 'signin.fail'
  | 'method.added'
  | 'method.changed'
  | 'method.removed'
  | 'code.sent'
  | 'code.ok'
  | 'code.fail'
  | 'throttle.hit'
  | 'password.reset.ok'
  | 'password.reset.fail'
  | 'session.wiped'
  | 'step.refused'
  | 'config.invalid'
  | 'backend.unavailable'
  | 'state.unavailable'
  | 'delivery.failed'
  | 'captcha.fail'
  | 'attendant.ok'
  | 'attendant.fail'
  | 'attendant.recovery'
  | 'renderer.gone'
  | 'audit.file'
  | 'audit.pruned'
  | 'audit.forward.full';

/** Callers keep codes, passwords, secrets and full numbers or addresses out of `detail`. */
export type AuditEvent = {
  event: AuditEventName;
  session?: string;
  account?: string;
  outcome: 'ok' | 'fail' | 'refused';
  detail?: Record<string, string | number | boolean>;
};

/** One line of the log, keys in this order (`count` only on a line that stands for repeated refusals). */
export type AuditLine = {
  at: string;
  kiosk: string;
  session: string | null;
  account: string | null;
  event: AuditEventName;
  outcome: AuditEvent['outcome'];
  detail: Record<string, string | number | boolean>;
  count?: number;
  seq: number;
  prev: string;
  mac: string;
};

/**
 * Where each line goes once it is on disk: the attendant's ledger, the SIEM forwarder, a shared database.
 * Sinks run after the fsync and must not throw or block: the visitor never waits for a copy.
 */
export interface AuditSink {
  accept(line: AuditLine, text: string): void;
}

export type AuditLogOptions = {
  path: string;
  /** The device's own SQLite file: the chain head and rotation counter are written before a line returns. */
  store: SqliteStateStore;
  kioskId: string;
  clock: Clock;
  /** HMAC key of the chain (`audit.key`, or the device's own key from the OS keychain). */
  key: string;
  maxBytes?: number;
  /** Rotated files whose newest line is older than this are deleted, with an `audit.pruned` line. */
  keepDays?: number;
  /** Repeats of one refusal in one session are held this long at most before their `count` line is written. */
  repeatFlushMs?: number;
  /** Sinks that must see every line, the first file's header included. */
  sinks?: AuditSink[];
};

export const auditHeadKey = 'audit.head';
export const auditCountKey = 'audit.count';
/** The file the chain was last written to, so a changed `audit.path` starts its new file from there. */
const auditFileKey = 'audit.file';
const auditRotationKey = 'audit.rotation';
const defaultMaxBytes = 10 * 1024 * 1024;
const dayMs = 24 * 60 * 60 * 1000;

/** `audit.jsonl` rotates to `audit.000001.jsonl`, `audit.000002.jsonl`…: padded so a shell glob lists them in order. */
export function rotatedPath(path: string, n: number): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}.${String(n).padStart(6, '0')}${ext}`);
}

/** The rotated files of `path`, oldest first (not `path` itself). */
export function rotatedFiles(path: string): string[] {
  return rotations(path).map((r) => r.file);
}

function rotations(path: string): { file: string; n: number }[] {
  const ext = extname(path);
  const pattern = new RegExp(`^${escapeRegExp(basename(path, ext))}\\.(\\d+)${escapeRegExp(ext)}$`);
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return [];
  }
  return names
    .map((name) => ({ file: join(dirname(path), name), n: Number(pattern.exec(name)?.[1] ?? NaN) }))
    .filter((r) => Number.isInteger(r.n))
    .sort((a, b) => a.n - b.n);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function lastLineOf(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  return text
    .split('\n')
    .filter((l) => l !== '')
    .at(-1);
}

type Held = { signature: string; event: AuditEvent; count: number; since: number; last: number; timer?: ReturnType<typeof setTimeout> };

/**
 * HMAC-chained JSON lines: each line carries the MAC of the line before (`prev`) and its own (`mac`), keyed so that
 * nobody without the key can re-chain an edited log; the state store keeps the newest MAC and seq, so lines cut
 * from the end show up too. Every file starts with an `audit.file` line naming the file before it and its last seq
 * and MAC. `append` returns only once the line is on disk, and throws when it cannot be written: an action that
 * cannot be audited should not be reported as done.
 */
export class AuditLog {
  readonly #path: string;
  readonly #store: SqliteStateStore;
  readonly #kioskId: string;
  readonly #clock: Clock;
  readonly #key: string;
  readonly #maxBytes: number;
  readonly #keepMs: number;
  readonly #repeatFlushMs: number;
  #fd: number;
  #size: number;
  #seq = 0;
  #head = genesisMac;
  readonly #sinks = new Set<AuditSink>();
  /** Per session: the refusal last written, and repeats of it not yet written. */
  readonly #lastRefusal = new Map<string, string>();
  readonly #held = new Map<string, Held>();
  #pruning = false;

  constructor(opts: AuditLogOptions) {
    this.#path = opts.path;
    this.#store = opts.store;
    this.#kioskId = opts.kioskId;
    this.#clock = opts.clock;
    this.#key = opts.key;
    this.#maxBytes = opts.maxBytes ?? defaultMaxBytes;
    this.#keepMs = (opts.keepDays ?? 400) * dayMs;
    this.#repeatFlushMs = opts.repeatFlushMs ?? 60_000;
    for (const sink of opts.sinks ?? []) this.#sinks.add(sink);
    mkdirSync(dirname(opts.path), { recursive: true, mode: 0o700 });
    this.#fd = openSync(opts.path, 'a+', 0o600);
    this.#size = fstatSync(this.#fd).size;
    this.#completePartialLine();
    const previousFile = this.#resume();
    if (this.#size === 0) this.#writeHeader(previousFile);
    this.#prune();
  }

  /**
   * Writes the event. A refusal repeated in one session (same event and detail) is written once, then its
   * repeats become one line with `count` when the session does something else, after `repeatFlushMs`, or at close.
   */
  append(e: AuditEvent): void {
    const session = e.session;
    if (session !== undefined && e.outcome === 'refused') {
      const signature = JSON.stringify([e.event, e.account ?? null, e.detail ?? {}]);
      const held = this.#held.get(session);
      if (held?.signature === signature) {
        held.count += 1;
        held.last = this.#clock.now();
        return;
      }
      if (held) this.#flushHeld(session);
      if (this.#lastRefusal.get(session) === signature) {
        const now = this.#clock.now();
        const timer = setTimeout(() => this.#flushHeld(session), this.#repeatFlushMs);
        timer.unref?.();
        this.#held.set(session, { signature, event: e, count: 1, since: now, last: now, timer });
        return;
      }
      this.#lastRefusal.set(session, signature);
    } else if (session !== undefined) {
      this.#flushHeld(session);
      this.#lastRefusal.delete(session);
    }
    this.#write(e, this.#clock.now());
  }

  /** Each line once it is on disk. Returns a function that removes the sink. */
  addSink(sink: AuditSink): () => void {
    this.#sinks.add(sink);
    return () => void this.#sinks.delete(sink);
  }

  /** Sees each line once it is on disk (the attendant's counts and last errors). Returns an unsubscribe function. */
  observe(observer: (line: AuditLine) => void): () => void {
    return this.addSink({ accept: (line) => observer(line) });
  }

  /** Writes every held repeat count. */
  flush(): void {
    for (const session of [...this.#held.keys()]) this.#flushHeld(session);
  }

  close(): void {
    if (this.#fd < 0) return;
    this.flush();
    closeSync(this.#fd);
    this.#fd = -1;
  }

  #flushHeld(session: string): void {
    const held = this.#held.get(session);
    if (!held) return;
    this.#held.delete(session);
    clearTimeout(held.timer);
    if (this.#fd < 0) return;
    this.#write({ ...held.event, detail: { ...held.event.detail, since: new Date(held.since).toISOString() } }, held.last, held.count);
  }

  #write(e: AuditEvent, at: number, count?: number): void {
    const fields: Omit<AuditLine, 'mac'> = {
      at: new Date(at).toISOString(),
      kiosk: this.#kioskId,
      session: e.session ?? null,
      account: e.account ?? null,
      event: e.event,
      outcome: e.outcome,
      detail: e.detail ?? {},
      ...(count === undefined ? {} : { count }),
      seq: this.#seq + 1,
      prev: this.#head,
    };
    const sealed = sealLine(this.#key, fields);
    const bytes = Buffer.from(`${sealed.text}\n`, 'utf8');
    if (this.#size > 0 && this.#size + bytes.length > this.#maxBytes && e.event !== headerEvent) {
      this.#rotate();
      this.#write(e, at, count);
      return;
    }
    writeAll(this.#fd, bytes);
    fsyncSync(this.#fd);
    this.#size += bytes.length;
    this.#seq = fields.seq;
    this.#head = sealed.mac;
    this.#store.batch(() => {
      this.#store.setValue(auditHeadKey, this.#head);
      this.#store.setValue(auditCountKey, String(this.#seq));
      this.#store.setValue(auditFileKey, resolve(this.#path));
    });
    const line = { ...fields, mac: sealed.mac } as AuditLine;
    for (const sink of this.#sinks) sink.accept(line, sealed.text);
  }

  #writeHeader(previousFile: string | undefined): void {
    const detail: Record<string, string | number> = { keyId: keyId(this.#key), previousSeq: this.#seq, previousMac: this.#head };
    if (previousFile !== undefined) detail.previousFile = basename(previousFile);
    this.#write({ event: headerEvent, outcome: 'ok', detail }, this.#clock.now());
  }

  /** A crash mid-write leaves a line without its newline; end it so the next line starts clean (it will verify as malformed). */
  #completePartialLine(): void {
    if (this.#size === 0) return;
    const last = Buffer.alloc(1);
    readSync(this.#fd, last, 0, 1, this.#size - 1);
    if (last[0] === 0x0a) return;
    writeAll(this.#fd, Buffer.from('\n'));
    fsyncSync(this.#fd);
    this.#size += 1;
  }

  /**
   * The store is the authority on where the chain stands: if lines were removed from the file, the next line
   * still follows the recorded head, so verification points at the gap. The file wins only when the store
   * has no head (a new state file), or lags exactly one line behind (a crash between fsync and store update).
   * Returns the file the chain continues from when this one is new: the newest rotated file, or the file the
   * store last wrote to when `audit.path` changed.
   */
  #resume(): string | undefined {
    const recordedFile = this.#store.getValue(auditFileKey);
    const movedFrom = recordedFile !== undefined && recordedFile !== resolve(this.#path) ? recordedFile : undefined;
    const previousFile = this.#size > 0 ? undefined : (movedFrom ?? rotatedFiles(this.#path).at(-1));
    const lastText = lastLineOf(this.#path) ?? (previousFile === undefined ? undefined : lastLineOf(previousFile));
    const last = lastText === undefined ? undefined : parseChainLine(lastText);
    const head = this.#store.getValue(auditHeadKey);
    const count = Number(this.#store.getValue(auditCountKey));
    const stored = head !== undefined && /^[0-9a-f]{64}$/.test(head) && Number.isSafeInteger(count) && count >= 0;
    if (stored) {
      this.#head = head;
      this.#seq = count;
    }
    if (last !== undefined && (!stored || (last.seq === count + 1 && last.prev === head))) {
      this.#head = last.mac;
      this.#seq = last.seq;
      this.#store.batch(() => {
        this.#store.setValue(auditHeadKey, this.#head);
        this.#store.setValue(auditCountKey, String(this.#seq));
      });
    }
    return previousFile;
  }

  #rotate(): void {
    closeSync(this.#fd);
    // Numbers are never reused, even once pruning has deleted every rotated file.
    const n = Math.max(rotations(this.#path).at(-1)?.n ?? 0, Number(this.#store.getValue(auditRotationKey)) || 0) + 1;
    this.#store.setValue(auditRotationKey, String(n));
    const rotated = rotatedPath(this.#path, n);
    renameSync(this.#path, rotated);
    this.#fd = openSync(this.#path, 'a+', 0o600);
    this.#size = 0;
    syncDirectory(dirname(this.#path));
    this.#writeHeader(rotated);
    if (!this.#pruning) this.#prune();
  }

  /** Deletes the oldest rotated files whose newest line is past `keepDays`, and says so in the chain. */
  #prune(): void {
    this.#pruning = true;
    try {
      this.#pruneExpired();
    } finally {
      this.#pruning = false;
    }
  }

  #pruneExpired(): void {
    const cutoff = this.#clock.now() - this.#keepMs;
    const expired: { file: string; last: ReturnType<typeof parseChainLine> }[] = [];
    for (const file of rotatedFiles(this.#path)) {
      const lastText = lastLineOf(file);
      const last = lastText === undefined ? undefined : parseChainLine(lastText);
      if (!last || !(Date.parse(last.at) < cutoff)) break;
      expired.push({ file, last });
    }
    const newest = expired.at(-1)?.last;
    if (!newest) return;
    this.#write(
      {
        event: prunedEvent,
        outcome: 'ok',
        detail: { files: expired.map((f) => basename(f.file)).join(','), lastSeq: newest.seq, lastMac: newest.mac, keepDays: Math.round(this.#keepMs / dayMs) },
      },
      this.#clock.now(),
    );
    for (const { file } of expired) rmSync(file, { force: true });
    syncDirectory(dirname(this.#path));
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Makes the rename durable; not every platform can open a directory, and the rename itself has happened. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot fsync a directory.
  }
}
