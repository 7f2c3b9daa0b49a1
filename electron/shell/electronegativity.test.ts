import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const policy = JSON.parse(readFileSync(path.join(root, 'build/electronegativity-suppressions.json'), 'utf8')) as {
  excludedChecks: { check: string; justification: string }[];
  suppressions: { check: string; file: string; justification: string }[];
};

type Finding = { check: string; severity: string; confidence: string; file: string; line: number; sample: string };
const severities = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];
const aboveLow = (f: Finding) => severities.indexOf(f.severity) > severities.indexOf('LOW');
const run = promisify(execFile);

/** Electronegativity's engine over one folder, through build/electronegativity-scan.mjs (one JSON finding a line). */
async function scan(input: string): Promise<Finding[]> {
  const { stdout } = await run(process.execPath, [path.join(root, 'build/electronegativity-scan.mjs'), input], { cwd: root, timeout: 120_000 });
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Finding);
}

const suppressed = (f: Finding) => policy.suppressions.some((s) => s.check === f.check && s.file === f.file);

describe('Electronegativity', () => {
  it('finds nothing above LOW in electron/ beyond the justified suppressions, and every suppression is still needed', async () => {
    const findings = await scan(path.join(root, 'electron'));
    const unexplained = findings.filter((f) => aboveLow(f) && !suppressed(f));
    expect(unexplained, JSON.stringify(unexplained, null, 2)).toEqual([]);
    for (const s of policy.suppressions) {
      expect(s.justification.length, `${s.check} needs a justification`).toBeGreaterThan(40);
      expect(findings.some((f) => f.check === s.check && f.file === s.file), `stale suppression ${s.check} in ${s.file}`).toBe(true);
    }
  }, 180_000);

  it('flags a main process with nodeIntegration: true, and the same gate fails on it', async () => {
    const findings = await scan(path.join(root, 'test/fixtures/electronegativity'));
    expect(findings).toContainEqual(expect.objectContaining({ check: 'NODE_INTEGRATION_JS_CHECK', file: 'main.js', severity: 'INFORMATIONAL', sample: expect.stringContaining('nodeIntegration: true') }));
    expect(findings.filter((f) => aboveLow(f) && !suppressed(f)).map((f) => f.check)).toEqual(
      expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']),
    );
  }, 180_000);
});
