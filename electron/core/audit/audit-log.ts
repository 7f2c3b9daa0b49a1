import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Clock } from '../clock';
import type { StateStore } from '../verify/state-store';

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
  | 'delivery.failed'
  | 'captcha.fail'
  | 'attendant.ok'
  | 'attendant.fail'
  | 'renderer.gone';

/** Callers keep codes, passwords, secrets and full numbers or addresses out of `detail`. */
export type AuditEvent = {
  event: AuditEventName;
  session?: string;
  account?: string;
  outcome: 'ok' | 'fail' | 'refused';
  detail?: Record<string, string | number | boolean>;
};

/** One line of the log, keys in this order. */
export type AuditLine = {
  at: string;
  kiosk: string;
  session: string | null;
  account: string | null;
  event: AuditEventName;
  outcome: AuditEvent['outcome'];
  detail: Record<string, string | number | boolean>;
  seq: number;
  prev: string;
};

export type AuditLogOptions = { path: string; store: StateStore; kioskId: string; clock: Clock; maxBytes?: number };

/** `prev` of the first line of a chain. */
export const genesisHash = '0'.repeat(64);
export const auditHeadKey = 'audit.head';
export const auditCountKey = 'audit.count';
const defaultMaxBytes = 10 * 1024 * 1024;

export const lineHash = (line: string): string => createHash('sha256').update(line, 'utf8').digest('hex');

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

/** Reads `seq` and `prev` of a line, or nothing when it is not a line this module wrote. */
export function parseChainFields(line: string): { seq: number; prev: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { seq, prev, at, event, outcome } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return undefined;
  if (typeof prev !== 'string' || !/^[0-9a-f]{64}$/.test(prev)) return undefined;
  if (typeof at !== 'string' || typeof event !== 'string' || typeof outcome !== 'string') return undefined;
  return { seq: seq as number, prev };
}

function lastLineOf(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n').filter((l) => l !== '');
  return lines.at(-1);
}

/**
 * Hash-chained JSON lines: each line carries the SHA-256 of the line before, and the state store keeps the
 * newest hash and the line count, so editing, inserting or deleting lines — the last ones included — shows
 * up in `verifyAudit`. `append` returns only once the line is on disk, and throws when it cannot be written:
 * an action that cannot be audited should not be reported as done.
 */
export class AuditLog {
  readonly #path: string;
  readonly #store: StateStore;
  readonly #kioskId: string;
  readonly #clock: Clock;
  readonly #maxBytes: number;
  #fd: number;
  #size: number;
  #seq = 0;
  #head = genesisHash;
  readonly #observers = new Set<(line: AuditLine) => void>();

  constructor(opts: AuditLogOptions) {
    this.#path = opts.path;
    this.#store = opts.store;
    this.#kioskId = opts.kioskId;
    this.#clock = opts.clock;
    this.#maxBytes = opts.maxBytes ?? defaultMaxBytes;
    mkdirSync(dirname(opts.path), { recursive: true, mode: 0o700 });
    this.#fd = openSync(opts.path, 'a+', 0o600);
    this.#size = fstatSync(this.#fd).size;
    this.#completePartialLine();
    this.#resume();
  }

  append(e: AuditEvent): void {
    const line: AuditLine = {
      at: new Date(this.#clock.now()).toISOString(),
      kiosk: this.#kioskId,
      session: e.session ?? null,
      account: e.account ?? null,
      event: e.event,
      outcome: e.outcome,
      detail: e.detail ?? {},
      seq: this.#seq + 1,
      prev: this.#head,
    };
    const text = JSON.stringify(line);
    const bytes = Buffer.from(`${text}\n`, 'utf8');
    if (this.#size > 0 && this.#size + bytes.length > this.#maxBytes) this.#rotate();
    writeAll(this.#fd, bytes);
    fsyncSync(this.#fd);
    this.#size += bytes.length;
    this.#seq = line.seq;
    this.#head = lineHash(text);
    this.#store.batch(() => {
      this.#store.setValue(auditHeadKey, this.#head);
      this.#store.setValue(auditCountKey, String(this.#seq));
    });
    for (const observer of this.#observers) observer(line);
  }

  /** Sees each line once it is on disk (the attendant's counts and last errors). Returns an unsubscribe function. */
  observe(observer: (line: AuditLine) => void): () => void {
    this.#observers.add(observer);
    return () => void this.#observers.delete(observer);
  }

  close(): void {
    if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = -1;
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
   */
  #resume(): void {
    const lastText = lastLineOf(this.#path) ?? lastLineOf(rotatedFiles(this.#path).at(-1) ?? '');
    const last = lastText === undefined ? undefined : parseChainFields(lastText);
    const head = this.#store.getValue(auditHeadKey);
    const count = Number(this.#store.getValue(auditCountKey));
    const stored = head !== undefined && /^[0-9a-f]{64}$/.test(head) && Number.isSafeInteger(count) && count >= 0;
    if (stored) {
      this.#head = head;
      this.#seq = count;
    }
    const adopt = lastText !== undefined && last !== undefined && (!stored || (last.seq === count + 1 && last.prev === head));
    if (adopt) {
      this.#head = lineHash(lastText);
      this.#seq = last.seq;
      this.#store.setValue(auditHeadKey, this.#head);
      this.#store.setValue(auditCountKey, String(this.#seq));
    }
  }

  #rotate(): void {
    closeSync(this.#fd);
    const n = (rotations(this.#path).at(-1)?.n ?? 0) + 1;
    renameSync(this.#path, rotatedPath(this.#path, n));
    this.#fd = openSync(this.#path, 'a+', 0o600);
    this.#size = 0;
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
