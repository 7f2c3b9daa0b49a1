import { headerEvent, prunedEvent } from '../audit-chain';
import type { AuditSource } from './audit-source';
import { eventsIn, measureOf, reportMeasures, type ReportMeasure } from './report-measures';

/** Days are calendar days `YYYY-MM-DD` in `timeZone`; `from` and `to` are included. */
export type ReportQuery = { from?: string; to?: string; kiosks?: readonly string[]; timeZone: string };

/** Events of one measure and kind, on one day, at one device. */
export type ReportCell = { day: string; kiosk: string; measure: ReportMeasure; kind: string; count: number };

export type AuditReport = {
  query: ReportQuery;
  source: string;
  /** Every day of the period, oldest first: from `from` (else the first day seen) to `to` (else the last). */
  days: string[];
  kiosks: string[];
  /** Non-zero cells, by day, device, measure (in `reportMeasures` order) and kind. */
  cells: ReportCell[];
  /** Lines read, and lines that were not chain lines (left out, and said so). */
  lines: number;
  unreadable: number;
};

const measureOrder = new Map(reportMeasures.map((m, i) => [m, i]));

/**
 * Counts a trail per day, device, measure and kind, reading each line once and keeping only the counts. Lines
 * of the chain itself (file headers, pruning) are not events; a line outside the query is read and not counted.
 */
export async function buildAuditReport(source: AuditSource, query: ReportQuery): Promise<AuditReport> {
  const kiosks = query.kiosks?.length ? new Set(query.kiosks) : undefined;
  const dayOf = dayInZone(query.timeZone);
  const counts = new Map<string, number>();
  let lines = 0;
  let unreadable = 0;
  let first: string | undefined;
  let last: string | undefined;
  for await (const line of source.lines(kiosks ? { kiosks } : {})) {
    lines += 1;
    if ('unreadable' in line) {
      unreadable += 1;
      continue;
    }
    if (line.event === headerEvent || line.event === prunedEvent) continue;
    if (kiosks && !kiosks.has(line.kiosk)) continue;
    const counted = measureOf(line);
    const day = dayOf(line.at);
    if (!counted || day === undefined) continue;
    if ((query.from !== undefined && day < query.from) || (query.to !== undefined && day > query.to)) continue;
    if (first === undefined || day < first) first = day;
    if (last === undefined || day > last) last = day;
    // Whatever a kiosk name or kind holds, the key splits back into the same four parts.
    const key = JSON.stringify([day, line.kiosk, counted.measure, counted.kind]);
    counts.set(key, (counts.get(key) ?? 0) + eventsIn(line));
  }

  const cells = [...counts].map(([key, count]) => {
    const [day, kiosk, measure, kind] = JSON.parse(key) as [string, string, ReportMeasure, string];
    return { day, kiosk, measure, kind, count };
  });
  cells.sort((a, b) => compare(a.day, b.day) || compare(a.kiosk, b.kiosk) || measureOrder.get(a.measure)! - measureOrder.get(b.measure)! || compare(a.kind, b.kind));
  return {
    query,
    source: source.description,
    days: periodDays(query.from ?? first, query.to ?? last, first, last),
    kiosks: [...new Set(cells.map((c) => c.kiosk))].sort(compare),
    cells,
    lines,
    unreadable,
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `at` (an ISO instant) → its calendar day in the zone. Zone offsets and their changes fall on quarter hours, so a
 * local midnight never falls inside a quarter hour of UTC: one answer per quarter hour holds for all its lines, and
 * a year asks Intl at most 35,040 times however many lines it has.
 */
function dayInZone(timeZone: string): (at: string) => string | undefined {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const byQuarter = new Map<number, string>();
  return (at) => {
    const ms = Date.parse(at);
    if (!Number.isFinite(ms)) return undefined;
    const quarter = Math.floor(ms / quarterHourMs);
    let day = byQuarter.get(quarter);
    if (day === undefined) {
      const part = Object.fromEntries(format.formatToParts(quarter * quarterHourMs).map((p) => [p.type, p.value]));
      day = `${part.year}-${part.month}-${part.day}`;
      if (byQuarter.size > 100_000) byQuarter.clear();
      byQuarter.set(quarter, day);
    }
    return day;
  };
}

const quarterHourMs = 15 * 60 * 1000;

/** A period of years asked for by a slip of the keyboard (`--from 0226-03-01`) shows only the days that have events. */
const maxPeriodDays = 3660;

function periodDays(from: string | undefined, to: string | undefined, first: string | undefined, last: string | undefined): string[] {
  if (from === undefined || to === undefined) return [];
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (span <= maxPeriodDays) return daysBetween(from, to);
  return first !== undefined && last !== undefined ? daysBetween(first, last) : [];
}

/** Every calendar day from `from` to `to`, both included (dates only: no zone can shift them). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** Whether `text` is a real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === text;
}
