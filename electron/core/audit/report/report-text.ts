import { textsIn, type Language } from '../../delivery/messages';
import type { AuditReport, ReportCell } from './audit-report';
import { reportMeasures, type ReportMeasure } from './report-measures';

export function sumBy(cells: readonly ReportCell[], key: (cell: ReportCell) => string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const c of cells) sums.set(key(c), (sums.get(key(c)) ?? 0) + c.count);
  return sums;
}

/** A measure's kinds (sorted), each with its count per device over the period. */
export function kindTotals(report: AuditReport, measure: ReportMeasure): Map<string, Map<string, number>> {
  const kinds = new Map<string, Map<string, number>>();
  for (const c of report.cells) {
    if (c.measure !== measure) continue;
    const byKiosk = kinds.get(c.kind) ?? new Map<string, number>();
    byKiosk.set(c.kiosk, (byKiosk.get(c.kiosk) ?? 0) + c.count);
    kinds.set(c.kind, byKiosk);
  }
  return new Map([...kinds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function measureLabels(language: Language): Record<ReportMeasure, string> {
  const t = textsIn(language);
  return Object.fromEntries(reportMeasures.map((m) => [m, t(`report.measure.${m}`)])) as Record<ReportMeasure, string>;
}

export function periodText(report: AuditReport, language: Language): string {
  const from = report.query.from ?? report.days[0];
  const to = report.query.to ?? report.days.at(-1);
  const t = textsIn(language);
  if (from === undefined || to === undefined) return t('report.allPeriod');
  const long = new Intl.DateTimeFormat(`${language}-u-nu-latn`, { dateStyle: 'long', timeZone: 'UTC' });
  return t('report.period', { from: long.format(Date.parse(`${from}T00:00:00Z`)), to: long.format(Date.parse(`${to}T00:00:00Z`)) });
}

/** The report on a terminal: totals per measure and device; the per-day detail is in the CSV and HTML forms. */
export function reportText(report: AuditReport, language: Language): string {
  const t = textsIn(language);
  const labels = measureLabels(language);
  const totals = sumBy(report.cells, (c) => `${c.measure}\u0000${c.kiosk}`);
  const rows = [
    [t('report.measureHeader'), t('report.total'), ...report.kiosks],
    ...reportMeasures.map((m) => {
      const perKiosk = report.kiosks.map((k) => totals.get(`${m}\u0000${k}`) ?? 0);
      return [labels[m], String(perKiosk.reduce((a, b) => a + b, 0)), ...perKiosk.map(String)];
    }),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  const table = rows.map((r) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd());
  return [
    t('report.title'),
    periodText(report, language),
    t('report.source', { source: report.source, lines: report.lines, zone: report.query.timeZone }),
    ...(report.unreadable ? [t('report.unread', { count: report.unreadable })] : []),
    '',
    ...table,
    '',
    t('report.moreDetail'),
    t('report.trust'),
    '',
  ].join('\n');
}

/** Header of the CSV form: one row per day, device, measure and kind that has events (a missing row is 0). */
export const csvHeader = ['date', 'kiosk', 'measure', 'kind', 'count'] as const;

export function reportCsv(report: AuditReport): string {
  const rows = [csvHeader.join(','), ...report.cells.map((c) => [c.day, csvField(c.kiosk), c.measure, csvField(c.kind), String(c.count)].join(','))];
  return `${rows.join('\r\n')}\r\n`;
}

/**
 * RFC 4180 quoting; a field a spreadsheet would read as a formula (=, +, -, @, tab, CR) gets a leading quote, so
 * a kiosk name or a detail written into the log cannot run anything when the auditor opens the file.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
