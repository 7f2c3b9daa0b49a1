// `tsx bench/markdown.ts [results.json]` prints the README's Performance table from a results file
// (default bench/results/latest.json), so the README shows exactly what the bench measured.
import fs from 'node:fs';
import path from 'node:path';
import { repo } from './machine';
import { verdict, type Results } from './report';

export function markdown(results: Results): string {
  const m = results.machine as { cpu?: string; cores?: number; memoryGiB?: number; os?: string };
  const v = results.versions;
  const lines = [
    `Measured ${results.date.slice(0, 10)} on ${m.cores ?? '?'} cores (${m.cpu ?? 'unknown CPU'}), ${m.memoryGiB ?? '?'} GiB, ${m.os ?? ''}; Node ${v.node}, Chromium ${v.chromium}, OpenLDAP ${v.slapd}; commit ${v.commit}.`,
    '',
    '| # | what | result | goal | |',
    '|---|---|---|---|---|',
    ...results.rows.map((r) => `| ${r.id} | ${r.name} | ${r.headline} | ${r.goal} | ${verdict(r)} |`),
  ];
  return lines.join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.join(repo, 'bench/markdown.ts');
if (isMain) {
  const file = process.argv[2] ?? path.join(repo, 'bench/results/latest.json');
  process.stdout.write(`${markdown(JSON.parse(fs.readFileSync(file, 'utf8')) as Results)}\n`);
}
