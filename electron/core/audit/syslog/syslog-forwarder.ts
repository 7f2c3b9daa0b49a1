import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { AuditLine, AuditSink } from '../audit-log';
import { formatRfc5424, octetFrame } from './rfc5424';

export type SyslogTarget = { host: string; port: number; ca: string; cert?: string; key?: string };

export type SyslogForwarderOptions = {
  target: SyslogTarget;
  /** The spool file in the data folder; `<spool>.seq` beside it holds the seq of the newest line known delivered. */
  spoolPath: string;
  spoolBytes: number;
  /** Called once each time the spool fills up (and lines stop being kept for the receiver). */
  onFull: () => void;
  /**
   * TLS syslog has no acknowledgement: a line counts as delivered once the connection has stayed up this long
   * after it was written. Lines written more recently than that when the connection breaks are sent again.
   */
  settleMs?: number;
  retryMs?: { first: number; max: number };
  log?: (line: string) => void;
};

type Pending = { seq: number; message: string; bytes: number; writtenAt?: number };

/**
 * Sends each audit line to a syslog receiver over TLS, at least once. Every line goes to an on-disk spool first
 * (synchronously, behind the audit file's fsync, so a restart loses nothing); the connection drains the spool in
 * the background, and reconnects with a growing pause. The visitor never waits for it.
 */
export class SyslogForwarder implements AuditSink {
  readonly #o: Required<Omit<SyslogForwarderOptions, 'log'>> & { log: (line: string) => void };
  readonly #pending: Pending[] = [];
  #spoolSize = 0;
  #delivered = 0;
  #sent = 0;
  #socket: tls.TLSSocket | undefined;
  #connected = false;
  #closed = false;
  #full = false;
  #retry: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #settleTimer: ReturnType<typeof setInterval> | undefined;

  constructor(opts: SyslogForwarderOptions) {
    this.#o = { settleMs: 3000, retryMs: { first: 500, max: 30_000 }, log: () => {}, ...opts };
    this.#retry = this.#o.retryMs.first;
    this.#load();
    this.#settleTimer = setInterval(() => this.#settle(), Math.max(100, Math.floor(this.#o.settleMs / 3)));
    this.#settleTimer.unref?.();
    this.#connect();
  }

  accept(line: AuditLine, text: string): void {
    if (this.#closed || line.seq <= this.#delivered) return;
    const message = formatRfc5424(line, text);
    const record = `${line.seq}\t${message}\n`;
    const bytes = Buffer.byteLength(record);
    if (this.#spoolSize + bytes > this.#o.spoolBytes) {
      if (!this.#full) {
        this.#full = true;
        this.#o.log(`audit forward: spool full (${this.#o.spoolBytes} bytes); lines from seq ${line.seq} are only in the local file`);
        this.#o.onFull();
      }
      return;
    }
    this.#full = false;
    writeDurably(this.#o.spoolPath, 'a', record);
    this.#spoolSize += bytes;
    this.#pending.push({ seq: line.seq, message, bytes });
    this.#drain();
  }

  /** Lines not yet known delivered, and whether the spool is full: for the attendant's status. */
  status(): { waiting: number; full: boolean; connected: boolean } {
    return { waiting: this.#pending.length, full: this.#full, connected: this.#connected };
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearInterval(this.#settleTimer);
    this.#socket?.destroy();
  }

  #load(): void {
    const cursor = `${this.#o.spoolPath}.seq`;
    this.#delivered = existsSync(cursor) ? Number(readFileSync(cursor, 'utf8').trim()) || 0 : 0;
    if (!existsSync(this.#o.spoolPath)) return;
    for (const record of readFileSync(this.#o.spoolPath, 'utf8').split('\n')) {
      const tab = record.indexOf('\t');
      const seq = Number(record.slice(0, tab));
      if (tab < 0 || !Number.isSafeInteger(seq) || seq <= this.#delivered) continue;
      const message = record.slice(tab + 1);
      this.#pending.push({ seq, message, bytes: Buffer.byteLength(`${record}\n`) });
    }
    this.#rewriteSpool();
  }

  #connect(): void {
    if (this.#closed) return;
    const { host, port, ca, cert, key } = this.#o.target;
    const socket = tls.connect({ host, port, ca, cert, key, servername: isIP(host) ? undefined : host });
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('secureConnect', () => {
      this.#connected = true;
      this.#retry = this.#o.retryMs.first;
      this.#sent = 0;
      this.#drain();
    });
    socket.on('error', (err) => this.#o.log(`audit forward: ${host}:${port}: ${err.message}`));
    socket.on('data', () => {});
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#connected = false;
      this.#socket = undefined;
      // What was written but has not settled may not have arrived: send it again on the next connection.
      for (const p of this.#pending) p.writtenAt = undefined;
      this.#sent = 0;
      if (this.#closed) return;
      this.#timer = setTimeout(() => this.#connect(), this.#retry);
      this.#timer.unref?.();
      this.#retry = Math.min(this.#retry * 2, this.#o.retryMs.max);
    });
  }

  #drain(): void {
    const socket = this.#socket;
    if (!socket || !this.#connected) return;
    while (this.#sent < this.#pending.length) {
      const p = this.#pending[this.#sent]!;
      this.#sent += 1;
      socket.write(octetFrame(p.message), (err) => {
        if (!err && this.#socket === socket) p.writtenAt = Date.now();
      });
    }
  }

  /** Lines written long enough ago on a connection still up are taken as delivered and leave the spool. */
  #settle(): void {
    if (!this.#connected) return;
    const before = Date.now() - this.#o.settleMs;
    let n = 0;
    while (n < this.#sent && this.#pending[n]!.writtenAt !== undefined && this.#pending[n]!.writtenAt! <= before) n += 1;
    if (n === 0) return;
    const done = this.#pending.splice(0, n);
    this.#sent -= n;
    this.#delivered = done.at(-1)!.seq;
    writeFileSync(`${this.#o.spoolPath}.seq`, `${this.#delivered}\n`, { mode: 0o600 });
    const freed = done.reduce((sum, p) => sum + p.bytes, 0);
    if (this.#pending.length === 0 || freed > this.#spoolSize / 2) this.#rewriteSpool();
  }

  /** The spool holds only what is still waiting: rewritten whole, then renamed over the old one. */
  #rewriteSpool(): void {
    const tmp = `${this.#o.spoolPath}.tmp`;
    writeDurably(tmp, 'w', this.#pending.map((p) => `${p.seq}\t${p.message}\n`).join(''));
    renameSync(tmp, this.#o.spoolPath);
    this.#spoolSize = statSync(this.#o.spoolPath).size;
  }
}

/**
 * Written and fsynced before it returns, like the audit file it follows: a line that reached the local log but not
 * the disk of the spool would never reach the SIEM after a power cut. (The `.seq` cursor is not synced: losing it
 * only sends lines again, which at-least-once delivery allows.)
 */
function writeDurably(path: string, flags: 'a' | 'w', text: string): void {
  const fd = openSync(path, flags, 0o600);
  try {
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
