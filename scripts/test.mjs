// `npm test`: the audit of shipped dependencies, lint (layering included), duplication, type-check per layer, schema freshness and
// unit tests (vitest), then end-to-end tests (Playwright through the browser host), and the real-Electron suite where an
// Electron binary is installed. Ends with one line adding up every runner's counts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(repo, 'test-results');
fs.mkdirSync(results, { recursive: true });

let passed = 0;
let failed = 0;
let broken = false;

function run(title, command, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(command, args, { cwd: repo, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.log(`✗ ${title} failed (exit ${r.status ?? r.signal})`);
    broken = true;
  }
  return r.status === 0;
}

const npx = (bin) => path.join(repo, 'node_modules/.bin', bin);

console.log(`Node ${process.version} (${process.execPath})`);
run('native modules built for Node', process.execPath, ['scripts/native-modules.mjs', 'node']);
// Fails on a high or critical advisory in what ships; when the audit endpoint cannot be asked, it says so and goes on.
run('npm audit of the shipped dependencies', process.execPath, ['scripts/audit-shipped.mjs']);
const count = (ok) => (ok ? passed++ : failed++);
count(run('lint', npx('eslint'), ['.']));
// Copy-paste in the product code (electron/, renderer/, shared/; tests left out), configured in .jscpd.json.
count(run('duplication (jscpd)', npx('jscpd'), ['--no-colors']));
for (const layer of ['shared', 'renderer', 'electron', '.']) {
  count(run(`type-check ${layer}`, npx('tsc'), ['-p', layer]));
}

const vitestJson = path.join(results, 'vitest.json');
fs.rmSync(vitestJson, { force: true });
run('unit and integration tests (vitest)', npx('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (fs.existsSync(vitestJson)) {
  const report = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numTotalTestSuites > 0 && report.success === false && report.numFailedTests === 0 ? 1 : 0);
} else failed++;

const e2eJson = path.join(results, 'e2e.json');
fs.rmSync(e2eJson, { force: true });
run('renderer build', process.execPath, ['scripts/ensure-renderer.mjs']);
run('end-to-end tests (Playwright)', npx('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson });
if (fs.existsSync(e2eJson)) {
  const stats = JSON.parse(fs.readFileSync(e2eJson, 'utf8')).stats;
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
} else failed++;

// The benchmarks' smoke run: a few iterations of each, so they never rot; it asserts no speed.
count(run('benchmark smoke run', npx('tsx'), ['bench/run.ts', '--smoke']));

// The real app (test/electron, linted and type-checked above with the rest): only where Electron's binary was
// downloaded. Without it the suite is said not to have run, and counts neither as passed nor as failed.
const electronBinary = path.join(repo, 'node_modules/electron/path.txt');
let electronNote = '';
if (fs.existsSync(electronBinary) && fs.existsSync(path.join(repo, 'node_modules/electron/dist', fs.readFileSync(electronBinary, 'utf8')))) {
  const electronJson = path.join(results, 'electron.json');
  fs.rmSync(electronJson, { force: true });
  const built =
    run('native modules built for Electron', process.execPath, ['scripts/native-modules.mjs', 'electron']) &&
    run('packaged test build (npm run dist:test)', 'npm', ['run', 'dist:test'], {});
  if (built) {
    run('real Electron app (Playwright, test/electron)', npx('playwright'), ['test', '-c', 'playwright.electron.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: electronJson });
  }
  if (fs.existsSync(electronJson)) {
    const stats = JSON.parse(fs.readFileSync(electronJson, 'utf8')).stats;
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
  } else failed++;
  run('native modules built for Node again', process.execPath, ['scripts/native-modules.mjs', 'node']);
} else {
  electronNote = 'real-Electron suite not run';
  console.log('\n⚠ real-Electron suite (test/electron) NOT RUN: no Electron binary is installed here (it runs in .github/workflows/electron-app.yml); not counted as passed');
}

console.log(`\n${passed} passed, ${failed} failed${electronNote ? `, ${electronNote}` : ''}`);
process.exit(broken || failed > 0 ? 1 : 0);
