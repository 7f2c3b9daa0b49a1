import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ar from '../../../../shared/locales/ar.json';
import en from '../../../../shared/locales/en.json';
import fr from '../../../../shared/locales/fr.json';
import { writeAuditMonth, type AuditMonth } from '../../../../test/support/audit-month';
import { runItCommand } from '../../cli/it-command';
import { SqliteStateStore } from '../../verify/sqlite-state-store';
import { AuditLog, rotatedFiles } from '../audit-log';
import { runAuditReport } from '../../cli/audit-report-command';
import { reportMeasures } from './report-measures';

const key = 'report-test-chain-key';

type Run = { code: number; out: string; err: string };

async function report(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runAuditReport(argv, { out: { write: (s: string) => (out += s) }, env: { GUICHET_CONFIG: '', ...env }, platform: 'linux', installed: false }, (s) => (err += s));
  return { code, out, err };
}

/** The CSV read back into `day\0kiosk\0measure\0kind` → count. */
function readCsv(file: string): Map<string, number> {
  const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\r\n');
  expect(header).toBe('date,kiosk,measure,kind,count');
  return new Map(
    rows.map((row) => {
      const [day, kiosk, measure, kind, count] = row.split(',');
      return [[day, kiosk, measure, kind].join('\u0000'), Number(count)];
    }),
  );
}

const keep = (month: Map<string, number>, wanted: (day: string, kiosk: string) => boolean) =>
  new Map([...month].filter(([k]) => wanted(...(k.split('\u0000') as [string, string]))));

describe('audit report on a generated month', () => {
  let dir: string;
  let month: AuditMonth;
  let files: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-report-'));
    month = writeAuditMonth(dir, { kiosks: ['kiosk-a', 'kiosk-b'], firstDay: '2026-03-01', days: 31, key });
    files = month.files;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts every event written, per day, device, measure and kind, across rotated files and aggregated lines', async () => {
    for (const file of files) expect(rotatedFiles(file).length).toBeGreaterThan(1);
    const text = files.map((f) => [...rotatedFiles(f), f].map((r) => readFileSync(r, 'utf8')).join('')).join('');
    expect(text).toMatch(/"count":5,/);
    expect(text).toMatch(/"count":2,/);

    const csv = join(dir, 'month.csv');
    const run = await report(['--tz', 'UTC', '--csv', csv, ...files]);
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toBe(`Rapport écrit dans ${csv}\n`);
    expect(readCsv(csv)).toEqual(month.expected);
    for (const measure of reportMeasures) expect([...month.expected.keys()].some((k) => k.split('\u0000')[2] === measure), measure).toBe(true);
  });

  it('prints totals per measure and device, in the language asked for', async () => {
    const run = await report(['--tz', 'UTC', '--lang', 'en', ...files]);
    expect(run.code).toBe(0);
    const total = (measure: string, kiosk?: string) => [...month.expected].filter(([k]) => k.split('\u0000')[2] === measure && (!kiosk || k.split('\u0000')[1] === kiosk)).reduce((n, [, c]) => n + c, 0);
    expect(run.out).toContain('Guichet audit report\nFrom March 1, 2026 to March 31, 2026\n');
    const lines = files.flatMap((f) => [...rotatedFiles(f), f]).reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').filter(Boolean).length, 0);
    expect(run.out).toContain(`Read from: ${files.join(', ')} (${lines} lines, time zone UTC)\n`);
    const row = (label: string, measure: string) => new RegExp(`^${label} +${total(measure)} +${total(measure, 'kiosk-a')} +${total(measure, 'kiosk-b')}$`, 'm');
    expect(run.out).toMatch(row('Passwords reset', 'passwordsReset'));
    expect(run.out).toMatch(row('Throttle hits', 'throttleHits'));
    expect(run.out).toMatch(row('Faults', 'faults'));
  });

  it('keeps only the days from --from to --to and the devices named by --kiosk', async () => {
    const csv = join(dir, 'filtered.csv');
    expect((await report(['--tz', 'UTC', '--from', '2026-03-10', '--to', '2026-03-12', '--csv', csv, ...files])).code).toBe(0);
    const days = keep(month.expected, (day) => day >= '2026-03-10' && day <= '2026-03-12');
    expect(days.size).toBeGreaterThan(0);
    expect(readCsv(csv)).toEqual(days);

    expect((await report(['--tz', 'UTC', '--kiosk', 'kiosk-b', '--from', '2026-03-20', '--csv', csv, ...files])).code).toBe(0);
    expect(readCsv(csv)).toEqual(keep(month.expected, (day, kiosk) => kiosk === 'kiosk-b' && day >= '2026-03-20'));

    expect((await report(['--tz', 'UTC', '--kiosk', 'kiosk-a', '--kiosk', 'kiosk-b', '--to', '2026-03-01', '--csv', csv, ...files])).code).toBe(0);
    expect(readCsv(csv)).toEqual(keep(month.expected, (day) => day === '2026-03-01'));
  });

  it('refuses a bad date, language, zone or pair of outputs with a localized message and exit code 2, writing nothing', async () => {
    const csv = join(dir, 'refused.csv');
    const cases: [string[], RegExp][] = [
      [['--from', '2026-02-30'], /^audit report: --from : « 2026-02-30 » n'est pas une date \(AAAA-MM-JJ/],
      [['--to', '31/03/2026'], /^audit report: --to : « 31\/03\/2026 » n'est pas une date/],
      [['--lang', 'en', '--to', 'yesterday'], /^audit report: --to: "yesterday" is not a date \(YYYY-MM-DD/],
      [['--lang', 'ar', '--from', '2026-13-01'], /^audit report: --from: «2026-13-01» ليس تاريخًا/],
      [['--from', '2026-03-20', '--to', '2026-03-10'], /^audit report: --from 2026-03-20 est après --to 2026-03-10/],
      [['--lang', 'de'], /^audit report: --lang : « de » n'est pas une langue du rapport/],
      [['--lang', 'en', '--tz', 'Mars/Olympus'], /^audit report: --tz: "Mars\/Olympus" is not a time zone/],
      [['--lang', 'en', '--html', join(dir, 'x.html')], /^audit report: --html and --csv: only one per report/],
    ];
    for (const [args, message] of cases) {
      const run = await report([...args, '--csv', csv, ...files]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err).toMatch(message);
      expect(run.err).toContain('usage: audit report');
      expect(run.out).toBe('');
      expect(existsSync(csv)).toBe(false);
    }
  });

  it('reads the file named by audit.path in the config, in the config\'s language', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ locale: { default: 'en' }, audit: { path: files[1] } }));
    const run = await report(['--tz', 'UTC'], { GUICHET_CONFIG: config });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Guichet audit report\n/);
    expect(run.out).toMatch(/^Measure +Total +kiosk-b$/m);
    expect((await report(['--from', 'demain'], { GUICHET_CONFIG: config })).err).toMatch(/--from: "demain" is not a date/);
  });
});

describe('audit report days and lines', () => {
  let dir: string;
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'guichet-report-days-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function writeLog(name: string, events: [string, Parameters<AuditLog['append']>[0]][]): string {
    const store = new SqliteStateStore(join(dir, `${name}.sqlite`));
    let now = 0;
    const path = join(dir, `${name}.jsonl`);
    const log = new AuditLog({ path, store, kioskId: name, clock: { now: () => now }, key });
    for (const [at, event] of events) {
      now = Date.parse(at);
      log.append(event);
    }
    log.close();
    store.close();
    return path;
  }

  const resets = (name: string, ats: string[]) => writeLog(name, ats.map((at) => [at, { event: 'password.reset.ok', outcome: 'ok' }]));
  /** The CSV the report writes for `path` with days in `zone`. */
  async function csvIn(zone: string, path: string): Promise<string> {
    const csv = join(dir, 'days.csv');
    expect((await report(['--tz', zone, '--csv', csv, path])).code).toBe(0);
    return readFileSync(csv, 'utf8');
  }

  it('puts each event on its calendar day in --tz, midnight included in zones a quarter or half an hour off UTC', async () => {
    const tokyo = resets('=kiosk,tokyo', ['2026-03-01T14:59:00.000Z', '2026-03-01T15:00:00.000Z', '2026-03-01T23:30:00.000Z']);
    // A kiosk name a spreadsheet would take for a formula is quoted, and kept whole.
    expect(await csvIn('Asia/Tokyo', tokyo)).toBe('date,kiosk,measure,kind,count\r\n2026-03-01,"\'=kiosk,tokyo",passwordsReset,,1\r\n2026-03-02,"\'=kiosk,tokyo",passwordsReset,,2\r\n');
    expect(await csvIn('UTC', tokyo)).toContain('2026-03-01,"\'=kiosk,tokyo",passwordsReset,,3\r\n');

    const quarter = resets('kiosk-q', ['2026-03-01T18:14:59.999Z', '2026-03-01T18:15:00.000Z', '2026-03-01T18:29:59.999Z', '2026-03-01T18:30:00.000Z']);
    expect(await csvIn('Asia/Kathmandu', quarter)).toContain('2026-03-01,kiosk-q,passwordsReset,,1\r\n2026-03-02,kiosk-q,passwordsReset,,3\r\n');
    expect(await csvIn('Asia/Kolkata', quarter)).toContain('2026-03-01,kiosk-q,passwordsReset,,3\r\n2026-03-02,kiosk-q,passwordsReset,,1\r\n');
  });

  it('counts neither file headers nor unreadable lines as events, and says how many lines it could not read', async () => {
    const path = writeLog('kiosk-c', [['2026-04-02T10:00:00.000Z', { event: 'code.sent', outcome: 'ok', detail: { channel: 'voice' } }]]);
    appendFileSync(path, 'not a line of the chain\n{"event":"code.sent"}\n');
    const run = await report(['--tz', 'UTC', '--lang', 'en', path]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('(4 lines, time zone UTC)');
    expect(run.out).toContain('2 unreadable lines skipped');
    expect(run.out).toMatch(/^Codes sent +1 +1$/m);
  });

  it('is one of IT\'s commands: guichet audit report', async () => {
    const path = writeLog('kiosk-d', [['2026-04-03T10:00:00.000Z', { event: 'password.reset.ok', outcome: 'ok' }]]);
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const io = { stdin: process.stdin, stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { GUICHET_CONFIG: '' }, platform: 'linux' as const, version: '0.0.0', installed: false };
      return { code: await runItCommand(args, io), out, err };
    };
    expect(await run(['audit', 'report', '--tz', 'UTC', path])).toMatchObject({ code: 0, err: '', out: expect.stringMatching(/^Mots de passe réinitialisés +1 +1$/m) });
    expect(await run(['audit', 'report', '--help'])).toMatchObject({ code: 0, out: expect.stringContaining('usage: audit report') });
    expect(await run(['audit', 'report', '--from', '2026-04-31', path])).toMatchObject({ code: 2, out: '', err: expect.stringContaining("« 2026-04-31 » n'est pas une date") });
    expect((await run(['--help'])).out).toContain('guichet audit report');
  });

  it('says which file it cannot read', async () => {
    const run = await report(['--lang', 'en', join(dir, 'missing.jsonl')]);
    expect(run).toMatchObject({ code: 2, out: '' });
    expect(run.err).toContain(`cannot read ${join(dir, 'missing.jsonl')}`);
  });
});

describe('report texts', () => {
  type Tree = { [key: string]: string | Tree };
  const leaves = (tree: Tree, prefix = ''): [string, string][] =>
    Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
  const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

  it('fr, en and ar have the same keys and placeholders, one name per measure', () => {
    const french = new Map(leaves(fr.report));
    for (const texts of [en.report, ar.report]) {
      const other = new Map(leaves(texts));
      expect([...other.keys()].sort()).toEqual([...french.keys()].sort());
      for (const [k, v] of other) expect(placeholders(v), k).toEqual(placeholders(french.get(k)!));
    }
    expect(Object.keys(fr.report.measure).sort()).toEqual([...reportMeasures].sort());
  });
});
