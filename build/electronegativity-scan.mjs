// @ts-check
/**
 * Runs Electronegativity (the engine behind its npm CLI) over a folder and prints its findings, one JSON object a
 * line: `node build/electronegativity-scan.mjs electron`. The CLI's own CSV writer races its header against its
 * rows and can drop every finding, and its SARIF output carries no severity; this prints both, reliably.
 * Checks listed under `excludedChecks` in build/electronegativity-suppressions.json are not run.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { URL } from 'node:url';

const require = createRequire(import.meta.url);
// At start Electronegativity fetches newer translations of its messages through got 11, whose retry on a failed
// request throws an uncaught error on Node 24 when there is no network. This scan reads only check ids and
// severities, and its one other fetch (AvailableSecurityFixesGlobalCheck) is excluded: the engine's got gets a
// request that fails at once, which it already handles ("Could not retrieve updated translations").
const got = createRequire(require.resolve('@doyensec/electronegativity'))('got');
got.default = () => Promise.reject(new Error('offline scan: no fetch'));
const run = require('@doyensec/electronegativity');
const policy = JSON.parse(readFileSync(new URL('./electronegativity-suppressions.json', import.meta.url), 'utf8'));

const input = process.argv[2];
if (!input) {
  process.stderr.write('usage: node build/electronegativity-scan.mjs DIR\n');
  process.exit(2);
}

try {
  /** @type {{ issues: any[], errors: { file: string, message: string, tolerable: boolean }[] }} */
  const result = await run({
    input: path.resolve(input),
    isRelative: true,
    isSarif: false,
    customScan: [],
    excludeFromScan: policy.excludedChecks.map((/** @type {{ check: string }} */ e) => e.check.toLowerCase()),
    electronVersionOverride: require('electron/package.json').version,
    parserPlugins: [],
  });
  const fatal = result.errors.filter((e) => !e.tolerable);
  for (const error of fatal) process.stderr.write(`cannot parse ${error.file}: ${error.message}\n`);
  for (const issue of result.issues) {
    const finding = {
      check: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file,
      line: issue.location.line,
      sample: issue.sample ?? '',
      description: issue.description,
    };
    process.stdout.write(`${JSON.stringify(finding)}\n`);
  }
  process.exitCode = fatal.length > 0 ? 1 : 0;
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
}
