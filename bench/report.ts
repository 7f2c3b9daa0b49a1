import fs from 'node:fs';
import path from 'node:path';
import type { Summary } from './stats';

/** One measured figure: timings carry a summary (median, p95…), sizes and counts a single value. */
export type Figure = {
  name: string;
  unit: string;
  summary?: Summary;
  value?: number;
  note?: string;
};

/** One row of the issue's table: what was measured, against which goal, and whether it was met. */
export type Row = {
  id: number;
  name: string;
  goal: string;
  /** null: a row that only reports (no goal), or a bench that could not run. */
  met: boolean | null;
  /** The one-line answer shown in the table. */
  headline: string;
  figures: Figure[];
  notes: string[];
  error?: string;
  seconds: number;
};

export type Results = {
  suite: 'guichet-bench';
  mode: 'full' | 'smoke';
  date: string;
  seconds: number;
  machine: Record<string, unknown>;
  versions: Record<string, string>;
  rows: Row[];
};

export const verdict = (row: Row): string => (row.error ? 'crashed' : row.met === null ? 'report' : row.met ? 'met' : 'missed');

export function writeResults(file: string, results: Results): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

/** `median / p95 unit (n)` or `value unit`. */
function describeFigure(f: Figure): string {
  if (f.summary) return `${fmt(f.summary.median)} / ${fmt(f.summary.p95)} ${f.unit} (n=${f.summary.n})`;
  if (f.value !== undefined) return `${fmt(f.value)} ${f.unit}`;
  return f.note ?? '';
}

function table(header: string[], lines: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...lines.map(line)].join('\n');
}

/** The summary table, then every figure (timings as median / p95). */
export function formatResults(results: Results): string {
  const out: string[] = [];
  out.push(`Guichet bench (${results.mode}) ${results.date}, ${results.seconds.toFixed(0)} s`);
  out.push(Object.entries(results.machine).map(([k, v]) => `${k}: ${String(v)}`).join(' | '));
  out.push(Object.entries(results.versions).map(([k, v]) => `${k} ${v}`).join(' | '));
  out.push('');
  if (results.mode === 'smoke') out.push('Smoke run: a few iterations of each, to prove the benches run; its verdicts mean nothing.\n');
  out.push(table(['#', 'what', 'result', 'goal', 'verdict'], results.rows.map((r) => [String(r.id), r.name, r.headline, r.goal, verdict(r)])));
  for (const row of results.rows) {
    out.push('');
    out.push(`${row.id}. ${row.name} (${row.seconds.toFixed(1)} s)${row.error ? ` CRASHED: ${row.error}` : ''}`);
    if (row.figures.length) out.push(table(['  figure', 'median / p95 or value'], row.figures.map((f) => [`  ${f.name}`, describeFigure(f) + (f.note && (f.summary || f.value !== undefined) ? `  (${f.note})` : '')])));
    for (const note of row.notes) out.push(`  - ${note}`);
  }
  return out.join('\n');
}

/** What one bench hands back; run.ts adds the row's number, name, goal and duration. */
export type Outcome = Pick<Row, 'met' | 'headline' | 'figures' | 'notes'>;

/** Progress on standard error, so standard output holds only the table. */
export const progress = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
