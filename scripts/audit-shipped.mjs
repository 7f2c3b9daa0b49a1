#!/usr/bin/env node
/**
 * `npm audit --omit=dev`, judged for CI: fails on a high or critical advisory in what ships (the production
 * dependency tree), and says so in one plain line when the registry's audit endpoint cannot be asked, rather than
 * passing in silence. `node scripts/audit-shipped.mjs`; exit 1 only for advisories at or above high.
 */
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const failing = ['high', 'critical'];

/**
 * @param {any} report what `npm audit --json` printed, parsed
 * @returns {{ status: 'clean' | 'vulnerable' | 'unreachable', lines: string[] }}
 */
export function judge(report) {
  if (!report || typeof report !== 'object' || report.auditReportVersion === undefined || report.error) {
    const why = typeof report?.message === 'string' && report.message ? report.message : 'no audit report came back';
    return {
      status: 'unreachable',
      lines: [`npm audit: NOT CHECKED, the registry's audit endpoint could not be reached (${why}); advisories in the shipped dependencies are unknown for this run.`],
    };
  }
  const counts = report.metadata?.vulnerabilities ?? {};
  const found = Object.values(report.vulnerabilities ?? {}).filter((v) => failing.includes(v.severity));
  const summary = ['critical', 'high', 'moderate', 'low'].map((s) => `${counts[s] ?? 0} ${s}`).join(', ');
  if (found.length === 0) return { status: 'clean', lines: [`npm audit: no high or critical advisory in the shipped dependencies (${summary}).`] };
  return {
    status: 'vulnerable',
    lines: [
      `npm audit: ${found.length} shipped package(s) with a high or critical advisory (${summary}):`,
      ...found.map((v) => {
        const titles = (v.via ?? []).filter((via) => typeof via === 'object').map((via) => `${via.title}${via.url ? ` <${via.url}>` : ''}`);
        const fix = v.fixAvailable === false ? 'no fix yet' : 'fix available';
        return `  ${v.name} (${v.severity}, ${v.range ?? 'any'}): ${titles.join('; ') || `through ${(v.via ?? []).join(', ')}`}; ${fix}`;
      }),
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['audit', '--omit=dev', '--json'], { encoding: 'utf8', shell: process.platform === 'win32' });
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    report = { message: (result.stderr || result.error?.message || 'npm audit printed no JSON').trim().split('\n')[0] };
  }
  const { status, lines } = judge(report);
  for (const line of lines) process.stdout.write(`${line}\n`);
  process.exit(status === 'vulnerable' ? 1 : 0);
}
