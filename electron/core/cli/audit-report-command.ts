import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dataPaths } from '../bootstrap';
import { argValue, formatProblems, loadConfig } from '../config/load-config';
import { languages, messageLanguage, textsIn, type Language } from '../delivery/messages';
import type { AuditCommandIo } from './audit-verify-command';
import { buildAuditReport, isCalendarDay } from '../audit/report/audit-report';
import { AuditFilesSource } from '../audit/report/audit-source';
import { reportCsv, reportText } from '../audit/report/report-text';

export const reportUsage = [
  'usage: audit report [--from DATE] [--to DATE] [--kiosk ID]... [--html FILE | --csv FILE] [--lang fr|en|ar] [--tz ZONE] [AUDIT.jsonl...]',
  '  Counts per day and device: methods registered, passwords reset, sign-in failures, codes sent and failed,',
  '  throttle hits, attendant actions and faults. Reads the files given and the rotated files beside them',
  '  (default: audit.path of the config, or audit.jsonl in --data-dir).',
  '  --from, --to  first and last day included, YYYY-MM-DD, in --tz (default: this machine\'s time zone)',
  '  --kiosk       only this device (repeat for several)',
  '  --html FILE   one page with a chart per measure, no script; --csv FILE: date,kiosk,measure,kind,count',
  '  --lang        language of the report (default: locale.default of the config)',
  '',
].join('\n');

const options = {
  from: { type: 'string' },
  to: { type: 'string' },
  kiosk: { type: 'string', multiple: true },
  html: { type: 'string' },
  csv: { type: 'string' },
  lang: { type: 'string' },
  tz: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `guichet audit report`. Exit codes: 0 written, 1 the report could not be written, 2 the command could not run
 * (usage, a bad date, language or zone, an unreadable file). Bad input is refused before anything is read or written.
 */
export async function runAuditReport(argv: readonly string[], io: AuditCommandIo, err: (text: string) => void): Promise<number> {
  const loaded = loadConfig({ argv: [...(io.globals ?? [])], env: io.env, platform: io.platform, installed: io.installed });
  let language: Language = loaded.ok ? messageLanguage(loaded.config.locale.default) : 'fr';
  const refuse = (text: string) => {
    err(`audit report: ${text}\n${reportUsage}`);
    return 2;
  };

  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options });
  } catch (error) {
    return refuse((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    io.out.write(reportUsage);
    return 0;
  }
  const t = () => textsIn(language);
  if (values.lang !== undefined) {
    if (!(languages as readonly string[]).includes(values.lang)) return refuse(t()('report.error.lang', { value: values.lang }));
    language = values.lang as Language;
  }
  for (const option of ['from', 'to'] as const) {
    const value = values[option];
    if (value !== undefined && !isCalendarDay(value)) return refuse(t()('report.error.date', { option: `--${option}`, value }));
  }
  if (values.from !== undefined && values.to !== undefined && values.from > values.to) return refuse(t()('report.error.order', { from: values.from, to: values.to }));
  const timeZone = values.tz ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isTimeZone(timeZone)) return refuse(t()('report.error.zone', { value: timeZone }));
  if (values.html !== undefined && values.csv !== undefined) return refuse(t()('report.error.both'));

  let files = parsed.positionals;
  if (files.length === 0) {
    if (!loaded.ok) return refuse([t()('report.error.config'), ...formatProblems(loaded)].join('\n'));
    const dataDir = argValue([...(io.globals ?? [])], '--data-dir');
    const configured = loaded.config.audit.path ?? (dataDir === undefined ? undefined : dataPaths(loaded.config, dataDir).audit);
    if (configured === undefined) return refuse(t()('report.error.noFile'));
    files = [configured];
  }
  const missing = files.find((f) => !existsSync(f));
  if (missing !== undefined) return refuse(t()('report.error.read', { file: missing }));

  const source = new AuditFilesSource(files);
  let report;
  try {
    report = await buildAuditReport(source, { from: values.from, to: values.to, kiosks: values.kiosk, timeZone });
  } catch (error) {
    return refuse(t()('report.error.read', { file: `${source.description} (${(error as Error).message})` }));
  }

  const target = values.html ?? values.csv;
  if (target === undefined) {
    io.out.write(reportText(report, language));
    return 0;
  }
  try {
    // The charting library loads only for a page: every start of the app and its other commands goes without it.
    const text = values.html !== undefined ? (await import('../audit/report/report-html')).reportHtml(report, language, new Date()) : reportCsv(report);
    writeWhole(target, text);
  } catch (error) {
    err(`audit report: ${t()('report.error.write', { file: target, why: (error as Error).message })}\n`);
    return 1;
  }
  io.out.write(`${t()('report.written', { file: target })}\n`);
  return 0;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Beside the target, then renamed over it: a reader never opens half a report. */
function writeWhole(file: string, text: string): void {
  const partial = `${file}.${process.pid}.partial`;
  try {
    writeFileSync(partial, text, { encoding: 'utf8', mode: 0o600 });
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
