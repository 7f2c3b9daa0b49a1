import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog, type AuditEvent } from '../../electron/core/audit/audit-log';
import type { ReportMeasure } from '../../electron/core/audit/report/report-measures';
import { SqliteStateStore } from '../../electron/core/verify/sqlite-state-store';

/** An event to write, and the measure the report must count it in (none: not a measure). */
type Planned = { event: Omit<AuditEvent, 'session'>; measure?: ReportMeasure; kind?: string };

/** What a visitor's session can write, each with the measure the issue asks the report to count it in. */
const sessions: Planned[][] = [
  [
    { event: { event: 'signin.ok', account: 'amina', outcome: 'ok' } },
    { event: { event: 'code.sent', account: 'amina', outcome: 'ok', detail: { channel: 'sms', to: '+2126••••12' } }, measure: 'codesSent', kind: 'sms' },
    { event: { event: 'code.ok', account: 'amina', outcome: 'ok', detail: { channel: 'sms' } } },
    { event: { event: 'method.added', account: 'amina', outcome: 'ok', detail: { method: 'phone' } }, measure: 'methodsRegistered', kind: 'phone' },
    { event: { event: 'method.changed', account: 'amina', outcome: 'ok', detail: { method: 'email' } }, measure: 'methodsRegistered', kind: 'email' },
  ],
  [
    { event: { event: 'signin.fail', account: 'name:omar', outcome: 'fail' }, measure: 'signinFailures', kind: 'credentials' },
    { event: { event: 'signin.fail', account: 'omar', outcome: 'refused', detail: { status: 'locked' } }, measure: 'signinFailures', kind: 'locked' },
    { event: { event: 'signin.fail', account: 'omar', outcome: 'refused', detail: { status: 'locked' } }, measure: 'signinFailures', kind: 'locked' },
    { event: { event: 'signin.fail', account: 'omar', outcome: 'refused', detail: { status: 'locked' } }, measure: 'signinFailures', kind: 'locked' },
    { event: { event: 'session.wiped', outcome: 'ok', detail: { reason: 'home' } } },
  ],
  [
    { event: { event: 'code.sent', account: 'sara', outcome: 'ok', detail: { channel: 'email', to: 's•••@univ-demo.ma' } }, measure: 'codesSent', kind: 'email' },
    { event: { event: 'code.fail', account: 'sara', outcome: 'fail', detail: { channel: 'email', why: 'wrong' } }, measure: 'codesFailed', kind: 'wrong' },
    { event: { event: 'code.fail', account: 'sara', outcome: 'refused', detail: { why: 'destination-mismatch' } }, measure: 'codesFailed', kind: 'destination-mismatch' },
    { event: { event: 'code.fail', account: 'sara', outcome: 'refused', detail: { why: 'destination-mismatch' } }, measure: 'codesFailed', kind: 'destination-mismatch' },
    // Repeats of one refusal in one session: written once, then as one line with `count`.
    ...Array.from({ length: 6 }, (): Planned => ({ event: { event: 'throttle.hit', account: 'sara', outcome: 'refused', detail: { scope: 'account' } }, measure: 'throttleHits', kind: 'account' })),
    { event: { event: 'step.refused', outcome: 'refused', detail: { request: 'code.verify', why: 'token' } } },
    { event: { event: 'password.reset.ok', account: 'sara', outcome: 'ok' }, measure: 'passwordsReset', kind: '' },
  ],
  [
    { event: { event: 'attendant.fail', outcome: 'fail', detail: { purpose: 'menu' } }, measure: 'attendantActions', kind: 'wrong-pin' },
    { event: { event: 'attendant.ok', outcome: 'ok', detail: { purpose: 'menu' } }, measure: 'attendantActions', kind: 'menu' },
    { event: { event: 'attendant.ok', outcome: 'ok', detail: { action: 'restart' } }, measure: 'attendantActions', kind: 'restart' },
    { event: { event: 'throttle.hit', outcome: 'refused', detail: { scope: 'device', spend: 3 } }, measure: 'throttleHits', kind: 'device' },
  ],
  [
    { event: { event: 'backend.unavailable', outcome: 'fail', detail: { request: 'signin', kind: 'unavailable' } }, measure: 'faults', kind: 'backend.unavailable' },
    { event: { event: 'delivery.failed', account: 'yassine', outcome: 'fail', detail: { channel: 'voice', to: '+2126••••34' } }, measure: 'faults', kind: 'delivery.failed' },
    { event: { event: 'captcha.fail', outcome: 'fail' } },
  ],
];

export type AuditMonth = {
  /** The live file of each device (its rotated files lie beside it). */
  files: string[];
  /** Events written, by `day\0kiosk\0measure\0kind` (days in UTC). */
  expected: Map<string, number>;
};

/**
 * Writes `days` days of events for each device through the app's own audit log, on a clock the caller sets: each
 * day a number of sessions that varies by day and device, with small files so the chain spans rotated files.
 */
export function writeAuditMonth(dir: string, opts: { kiosks: string[]; firstDay: string; days: number; key: string }): AuditMonth {
  const expected = new Map<string, number>();
  const files: string[] = [];
  for (const [k, kioskId] of opts.kiosks.entries()) {
    const home = join(dir, kioskId);
    mkdirSync(home, { recursive: true });
    const store = new SqliteStateStore(join(home, 'state.sqlite'));
    let now = Date.parse(`${opts.firstDay}T07:00:00Z`);
    const path = join(home, 'audit.jsonl');
    const log = new AuditLog({ path, store, kioskId, clock: { now: () => now }, key: opts.key, maxBytes: 32 * 1024 });
    for (let d = 0; d < opts.days; d += 1) {
      const dayStart = Date.parse(`${opts.firstDay}T08:00:00Z`) + d * 86_400_000;
      const day = new Date(dayStart).toISOString().slice(0, 10);
      const visits = 1 + ((d * 7 + k * 3) % 5);
      for (let v = 0; v < visits; v += 1) {
        const session = `s-${k}-${d}-${v}`;
        const plan = sessions[(d + v + k) % sessions.length]!;
        now = dayStart + v * 3_600_000;
        for (const p of plan) {
          now += 1000;
          log.append({ ...p.event, session });
          if (p.measure) {
            const key = [day, kioskId, p.measure, p.kind ?? ''].join('\u0000');
            expected.set(key, (expected.get(key) ?? 0) + 1);
          }
        }
        now += 1000;
        // Ends the session as the broker does: a held repeat is written before its next, different event.
        log.append({ event: 'session.wiped', session, outcome: 'ok', detail: { reason: 'done' } });
      }
    }
    log.close();
    store.close();
    files.push(path);
  }
  return { files, expected };
}
