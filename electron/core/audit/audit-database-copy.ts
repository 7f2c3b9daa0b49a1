import { readFileSync } from 'node:fs';
import type { AuditRow } from '../state/postgres-engine';
import type { SqliteStateStore } from '../verify/sqlite-state-store';
import { parseChainLine } from './audit-chain';
import { rotatedFiles, type AuditLine, type AuditSink } from './audit-log';

/** Where the copy stands, in the device's own state file: `seq:mac` of the newest line the database has. */
export const auditCopiedKey = 'audit.copied';

export type AuditCopyTarget = { insertAudit(kioskId: string, lines: readonly AuditRow[]): Promise<void> };

export type AuditDatabaseCopyOptions = {
  target: AuditCopyTarget;
  kioskId: string;
  /** The local audit file (and its rotated files beside it): the copy's spool, read back when it falls behind. */
  auditPath: string;
  local: SqliteStateStore;
  log: (line: string) => void;
  retryMs?: { first: number; max: number };
  /** Lines sent in one statement. */
  batch?: number;
  /** Lines held in memory while the database is down; past that, they are read back from the file. */
  maxQueued?: number;
};

/**
 * Copies each audit line to the fleet's `audit` table, behind the local file: the visitor never waits for it.
 * The file is the spool: lines the database has not taken (it was down, the device stopped) are read back from
 * it at start and after a long outage, from the cursor kept in the device's state file, so none is lost. A line
 * sent twice (a retry after an answer that never came) is stored once.
 */
export class AuditDatabaseCopy implements AuditSink {
  readonly #o: Required<AuditDatabaseCopyOptions>;
  #copied: { seq: number; mac: string } | undefined;
  #queue: AuditRow[] = [];
  /** Catching up from the file: lines accepted meanwhile are read from there too. */
  #fromFile = true;
  #running: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #retry: number;
  #failing = false;
  #closed = false;

  constructor(opts: AuditDatabaseCopyOptions) {
    this.#o = { retryMs: { first: 1000, max: 30_000 }, batch: 500, maxQueued: 5000, ...opts };
    this.#retry = this.#o.retryMs.first;
    const [seq, mac] = (this.#o.local.getValue(auditCopiedKey) ?? '').split(':');
    if (Number.isSafeInteger(Number(seq)) && Number(seq) > 0 && mac) this.#copied = { seq: Number(seq), mac };
    this.#kick();
  }

  accept(line: AuditLine, text: string): void {
    if (this.#closed || line.seq <= (this.#copied?.seq ?? 0)) return;
    if (!this.#fromFile) {
      if (this.#queue.length < this.#o.maxQueued) this.#queue.push({ seq: line.seq, mac: line.mac, line: text });
      else {
        this.#fromFile = true;
        this.#queue = [];
      }
    }
    if (!this.#failing) this.#kick();
  }

  /** The newest line the database is known to hold (heartbeats report it, so a cut end of the copy shows). */
  copied(): { seq: number; mac: string } | undefined {
    return this.#copied;
  }

  /** Resolves once every line accepted so far is in the database, or the copy is failing. */
  async settled(): Promise<void> {
    while (this.#running) await this.#running;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #kick(): void {
    if (this.#running || this.#closed) return;
    clearTimeout(this.#timer);
    this.#running = this.#drain()
      .then(
        () => {
          if (this.#failing) this.#o.log('audit copy to the database: caught up');
          this.#failing = false;
          this.#retry = this.#o.retryMs.first;
        },
        (err: unknown) => {
          if (!this.#failing) this.#o.log(`audit copy to the database failed, lines wait in the local file: ${err instanceof Error ? err.message : String(err)}`);
          this.#failing = true;
          if (this.#closed) return;
          this.#timer = setTimeout(() => this.#kick(), this.#retry);
          this.#timer.unref?.();
          this.#retry = Math.min(this.#retry * 2, this.#o.retryMs.max);
        },
      )
      .finally(() => {
        this.#running = undefined;
        // A line accepted after the last look at the queue, before this run ended.
        if (!this.#failing && this.#queue.length > 0) this.#kick();
      });
  }

  async #drain(): Promise<void> {
    while (!this.#closed) {
      if (this.#fromFile) {
        // Read and, when nothing is left, switch back in one synchronous step: no line can slip between the two.
        const behind = linesAfter(this.#o.auditPath, this.#copied?.seq ?? 0);
        if (behind.length === 0) {
          this.#fromFile = false;
          continue;
        }
        for (let i = 0; i < behind.length && !this.#closed; i += this.#o.batch) await this.#send(behind.slice(i, i + this.#o.batch));
        continue;
      }
      if (this.#queue.length === 0) return;
      const batch = this.#queue.slice(0, this.#o.batch);
      await this.#send(batch);
      // The queue may have overflowed meanwhile (and been dropped for the file): only what was sent leaves it.
      if (!this.#fromFile) this.#queue.splice(0, batch.length);
    }
  }

  async #send(batch: AuditRow[]): Promise<void> {
    await this.#o.target.insertAudit(this.#o.kioskId, batch);
    const last = batch.at(-1)!;
    if (last.seq > (this.#copied?.seq ?? 0)) {
      this.#copied = { seq: last.seq, mac: last.mac };
      this.#o.local.setValue(auditCopiedKey, `${last.seq}:${last.mac}`);
    }
  }
}

/** The lines of the log (rotated files, then the current one) after `seq`, in chain order. */
function linesAfter(auditPath: string, seq: number): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const file of [...rotatedFiles(auditPath), auditPath]) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const raw of text.split('\n')) {
      const line = raw === '' ? undefined : parseChainLine(raw);
      if (line && line.seq > seq) rows.push({ seq: line.seq, mac: line.mac, line: raw });
    }
  }
  return rows.sort((a, b) => a.seq - b.seq);
}
