import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { genesisMac, sealLine } from '../electron/core/audit/audit-chain';
import { buildAuditReport } from '../electron/core/audit/report/audit-report';
import { AuditFilesSource } from '../electron/core/audit/report/audit-source';
import { reportHtml } from '../electron/core/audit/report/report-html';
import { reportCsv } from '../electron/core/audit/report/report-text';
import type { Outcome } from './report';

export type AuditReportOptions = { linesPerDay: number; days: number };

const events = [
  ['code.sent', 'ok', { channel: 'sms', to: '+212 6•• ••• •78' }],
  ['code.ok', 'ok', { channel: 'sms' }],
  ['method.added', 'ok', { method: 'phone' }],
  ['signin.ok', 'ok', {}],
  ['signin.fail', 'fail', {}],
  ['code.fail', 'fail', { channel: 'sms', why: 'wrong' }],
  ['throttle.hit', 'refused', { scope: 'account' }],
  ['password.reset.ok', 'ok', {}],
  ['session.wiped', 'ok', { reason: 'idle' }],
] as const;

/** A year of one device's chain, sealed as the log seals it, written in one go (no fsync: what is measured is reading). */
function writeYear(file: string, o: AuditReportOptions): number {
  const start = Date.UTC(2026, 0, 1, 7);
  const lines: string[] = [];
  let prev = genesisMac;
  for (let d = 0; d < o.days; d += 1) {
    for (let i = 0; i < o.linesPerDay; i += 1) {
      const [event, outcome, detail] = events[i % events.length]!;
      const at = new Date(start + d * 86_400_000 + i * Math.floor(36_000_000 / o.linesPerDay)).toISOString();
      const fields = { at, kiosk: 'bench-kiosk', session: `s-${d}-${Math.floor(i / 9)}`, account: 'x', event, outcome, detail, seq: lines.length + 1, prev };
      const sealed = sealLine('bench-report-key', fields);
      lines.push(sealed.text);
      prev = sealed.mac;
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return lines.length;
}

/** Seconds to read every line of the file and do nothing with it: the floor any report stands on. */
async function readOnly(file: string): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })) if (line) n += 1;
  if (n === 0) throw new Error(`no line in ${file}`);
  return (performance.now() - t0) / 1000;
}

/** The report over a year of lines against just reading them, and the heap it keeps while counting. */
export async function auditReport(o: AuditReportOptions): Promise<Outcome> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'guichet-bench-report-'));
  try {
    const file = path.join(dir, 'audit.jsonl');
    const lines = writeYear(file, o);
    const floor = await readOnly(file);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    const t0 = performance.now();
    const report = await buildAuditReport(new AuditFilesSource([file]), { timeZone: 'Africa/Casablanca' });
    const counted = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const t1 = performance.now();
    reportCsv(report);
    const csv = (performance.now() - t1) / 1000;
    const t2 = performance.now();
    reportHtml(report, 'fr', new Date());
    const html = (performance.now() - t2) / 1000;
    const ratio = counted / floor;
    return {
      met: ratio <= 4,
      headline: `${(lines / counted / 1000).toFixed(0)}k lines/s counted, ${ratio.toFixed(1)}× reading them; page ${html.toFixed(2)} s`,
      figures: [
        { name: 'lines in the year', unit: 'lines', value: lines },
        { name: 'read the lines only', unit: 's', value: Number(floor.toFixed(2)) },
        { name: 'count them (parse, day in the zone, tally)', unit: 's', value: Number(counted.toFixed(2)) },
        { name: 'counting ÷ reading', unit: '×', value: Number(ratio.toFixed(2)) },
        { name: 'heap kept while counting (peak − start)', unit: 'MB', value: Number(((peak - heapBefore) / 1e6).toFixed(1)) },
        { name: 'CSV of the year', unit: 's', value: Number(csv.toFixed(3)) },
        { name: 'HTML page with its 8 charts', unit: 's', value: Number(html.toFixed(2)) },
      ],
      notes: [`${o.days} days × ${o.linesPerDay} lines of one device in ${os.tmpdir()}; the heap is sampled every 5 ms while counting.`],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
