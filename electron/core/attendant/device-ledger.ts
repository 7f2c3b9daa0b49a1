import type { AuditLine, AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { SqliteStateStore } from '../verify/sqlite-state-store';

const countedEvents: Partial<Record<AuditLine['event'], 'enrollments' | 'resets'>> = {
  'method.added': 'enrollments',
  'method.changed': 'enrollments',
  'password.reset.ok': 'resets',
};

/** Faults IT wants to see at the kiosk; visitors' own mistakes (wrong codes, CAPTCHA) are not faults. */
export const faultEvents: ReadonlySet<AuditLine['event']> = new Set<AuditLine['event']>(['backend.unavailable', 'state.unavailable', 'delivery.failed', 'renderer.gone', 'config.invalid', 'audit.forward.full']);
const keptFaults = 5;

export type Fault = { at: number; event: string; detail: string };

/**
 * Today's totals and the latest faults, read off the audit log as it is written. Totals live in the state store so a
 * restart during the day does not reset them; faults are since start.
 */
export class DeviceLedger {
  private readonly faults: Fault[] = [];

  constructor(
    audit: AuditLog,
    private readonly store: SqliteStateStore,
    private readonly clock: Clock,
  ) {
    audit.observe((line) => this.record(line));
  }

  /** Midnight today on this device's clock: what `today()` counts from. */
  dayStart(): number {
    return startOfDay(this.clock.now());
  }

  today(): { enrollments: number; resets: number } {
    const since = this.dayStart();
    return { enrollments: this.store.countEvents('count.enrollments', since), resets: this.store.countEvents('count.resets', since) };
  }

  lastErrors(): Fault[] {
    return [...this.faults];
  }

  private record(line: AuditLine): void {
    const at = Date.parse(line.at);
    const counted = countedEvents[line.event];
    if (counted) this.store.addEvent(`count.${counted}`, at);
    if (faultEvents.has(line.event)) {
      // Audit details are already free of codes and destinations; keep only their short values.
      const detail = Object.entries(line.detail)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')
        .slice(0, 160);
      this.faults.unshift({ at, event: line.event, detail });
      this.faults.length = Math.min(this.faults.length, keptFaults);
    }
  }
}

/** Midnight in the device's own time zone: "today" as the attendant reads it on the wall clock. */
function startOfDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
