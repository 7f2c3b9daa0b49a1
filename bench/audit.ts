import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditLog } from '../electron/core/audit/audit-log';
import { systemClock } from '../electron/core/clock';
import { SqliteStateStore } from '../electron/core/verify/sqlite-state-store';
import type { Outcome } from './report';
import { rounded, summarize } from './stats';

export type AuditOptions = { appends: number };

/**
 * Appends as the flows make them: each line written and fsynced, and the chain head saved in state.sqlite
 * (synchronous = FULL), before append returns.
 */
export async function audit(o: AuditOptions): Promise<Outcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-bench-audit-'));
  const store = new SqliteStateStore(path.join(dir, 'state.sqlite'));
  const log = new AuditLog({ path: path.join(dir, 'audit.jsonl'), store, kioskId: 'bench-kiosk', clock: systemClock });
  const each: number[] = [];
  try {
    for (let i = 0; i < 20; i++) log.append({ event: 'session.wiped', session: 'warm-up', outcome: 'ok', detail: { reason: 'idle' } });
    const started = performance.now();
    for (let i = 0; i < o.appends; i++) {
      const t0 = performance.now();
      log.append({ event: 'code.sent', session: `session-${i}`, account: '42', outcome: 'ok', detail: { channel: 'sms', to: '+212 6•• ••• •78' } });
      each.push(performance.now() - t0);
    }
    const seconds = (performance.now() - started) / 1000;
    const perSecond = o.appends / seconds;
    const s = summarize(each);
    return {
      met: null,
      headline: `${perSecond.toFixed(0)} appends/s (median ${s.median.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms)`,
      figures: [
        { name: 'appends per second', unit: '/s', value: Number(perSecond.toFixed(0)) },
        { name: 'one append (write + fsync + chain head in SQLite)', unit: 'ms', summary: rounded(summarize(each)) },
      ],
      notes: [`${o.appends} appends one after the other with electron/core/audit/audit-log.ts into ${os.tmpdir()} (the same disk as the data folder on this machine); the log rotates at 10 MB.`],
    };
  } finally {
    log.close();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
