// `tsx bench/run.ts` measures its rows and writes bench/results/latest.json;
// `tsx bench/run.ts --smoke` runs a few iterations of each into bench/results/smoke.json, asserting no speed:
// it fails only when a bench cannot run.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { audit } from './audit';
import { auditReport } from './audit-report';
import { directoryScale } from './directory-scale';
import { firstScreen } from './first-screen';
import { fleetSend, reserveLatency } from './fleet-state';
import { journey, resetTime } from './journey';
import { machine, repo, versions } from './machine';
import { memory } from './memory';
import { rendererWeight, type WeightReport } from './renderer-weight';
import { formatResults, progress, verdict, writeResults, type Outcome, type Results, type Row } from './report';
import { stepLatency } from './step-latency';
import { strength } from './strength';

const smoke = process.argv.includes('--smoke');

const plan = smoke
  ? {
      step: { runs: 5, paddedRuns: 3, shippedHashSamples: 1 },
      loads: 2,
      directory: { sizes: [1_000], lookups: 20, signIns: 5 },
      memory: { concurrent: 50, sequential: 200 },
      strength: { perKind: 1, lengthStep: 28, referenceLengthStep: 56 },
      appends: 50,
      fleet: { reserves: 50, devices: 20, sendsPerDevice: 2 },
      resets: 2,
      journeys: 1,
      report: { linesPerDay: 20, days: 30 },
    }
  : {
      step: { runs: 1_000, paddedRuns: 50, shippedHashSamples: 5 },
      loads: 20,
      directory: { sizes: [10_000, 100_000], lookups: 500, signIns: 200 },
      memory: { concurrent: 1_000, sequential: 10_000 },
      strength: { perKind: 2, lengthStep: 2, referenceLengthStep: 8 },
      appends: 2_000,
      fleet: { reserves: 2_000, devices: 20, sendsPerDevice: 25 },
      resets: 10,
      journeys: 10,
      report: { linesPerDay: 2_000, days: 365 },
    };

type Bench = { id: number; name: string; goal: string; run: () => Promise<Outcome> };

let weight: WeightReport | undefined;

const benches: Bench[] = [
  {
    id: 1,
    name: 'renderer weight',
    goal: 'first screen ≤ 150 kB gzip; dictionaries only on the password step',
    run: async () => {
      const { report, ...outcome } = await rendererWeight();
      weight = report;
      return outcome;
    },
  },
  {
    id: 2,
    name: 'first screen',
    goal: 'median ≤ 300 ms and ≤ 1.5× a blank React page',
    run: () => firstScreen({ loads: plan.loads, lazyFiles: new Map((weight?.lazy ?? []).map((c) => [c.file, c.label])) }),
  },
  {
    id: 3,
    name: 'step latency',
    goal: 'p95 ≤ 10 ms excl. hashing; padded known vs unknown medians within 20 ms',
    run: () => stepLatency(plan.step),
  },
  {
    id: 4,
    name: 'directory scale',
    goal: 'p95 ≤ 30 ms at 100,000 users, flat from 10k to 100k',
    run: () => directoryScale(plan.directory),
  },
  {
    id: 5,
    name: 'memory',
    goal: '≤ 50 KB per session; growth ≤ 5 MB after 10,000',
    run: () => memory(plan.memory),
  },
  {
    id: 6,
    name: 'strength meter',
    goal: 'p95 ≤ 16 ms per keystroke (one frame)',
    run: () => strength(plan.strength),
  },
  {
    id: 7,
    name: 'audit',
    goal: 'report',
    run: () => audit({ appends: plan.appends }),
  },
  {
    id: 8,
    name: 'reset server time',
    goal: '≤ 3.5× one scrypt computation at the shipped cost (median)',
    run: () => resetTime({ runs: plan.resets }),
  },
  {
    id: 9,
    name: 'visitor journey',
    goal: 'report',
    run: () => journey({ runs: plan.journeys }),
  },
  {
    id: 10,
    name: 'reserve on PostgreSQL',
    goal: 'p95 ≤ 5 ms on loopback',
    run: () => reserveLatency(plan.fleet),
  },
  {
    id: 11,
    name: 'send with 20 devices',
    goal: 'report',
    run: () => fleetSend(plan.fleet),
  },
  {
    id: 12,
    name: 'audit report over a year',
    goal: 'counting ≤ 4× reading the lines',
    run: () => auditReport(plan.report),
  },
];

async function main(): Promise<number> {
  const started = performance.now();
  const date = new Date().toISOString();
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',').map(Number);
  // The first-screen bench loads out/renderer through the browser host: build it when its sources changed.
  execFileSync(process.execPath, [path.join(repo, 'scripts/ensure-renderer.mjs')], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });

  const rows: Row[] = [];
  for (const bench of benches) {
    if (only && !only.includes(bench.id)) continue;
    progress(`${bench.id}. ${bench.name}…`);
    const t0 = performance.now();
    let row: Row;
    try {
      const outcome = await bench.run();
      row = { id: bench.id, name: bench.name, goal: bench.goal, ...outcome, seconds: 0 };
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      progress(`${bench.id}. ${bench.name} crashed: ${message}`);
      row = { id: bench.id, name: bench.name, goal: bench.goal, met: null, headline: 'crashed', figures: [], notes: [], error: message.split('\n')[0], seconds: 0 };
    }
    row.seconds = Number(((performance.now() - t0) / 1000).toFixed(1));
    progress(`${bench.id}. ${bench.name}: ${row.headline} (${verdict(row)}, ${row.seconds} s)`);
    rows.push(row);
  }

  const results: Results = {
    suite: 'guichet-bench',
    mode: smoke ? 'smoke' : 'full',
    date,
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    machine: machine(),
    versions: versions(),
    rows,
  };
  const file = path.join(repo, 'bench/results', smoke ? 'smoke.json' : only ? 'partial.json' : 'latest.json');
  writeResults(file, results);
  process.stdout.write(`${formatResults(results)}\n\nwritten to ${path.relative(repo, file)}\n`);
  return rows.some((r) => r.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
