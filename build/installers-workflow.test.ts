import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The hosted CI workflow that builds the installers cannot run here; this checks that it parses and says what it
 * must. js-yaml comes with electron-builder (app-builder-lib reads its YAML with it), so it is taken from there.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const yaml = fromBuilder('js-yaml') as { load(text: string): unknown };

type Step = { name?: string; uses?: string; run?: string; if?: string; shell?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Workflow = {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; strategy: { matrix: { include: { os: string; dist: string; artifacts: string }[] } }; steps: Step[] }>;
};

const text = readFileSync(path.join(root, '.github/workflows/installers.yml'), 'utf8');
const workflow = yaml.load(text) as Workflow;
const job = workflow.jobs.installers!;
const matrix = job.strategy.matrix.include;
const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('.github/workflows/installers.yml', () => {
  it('parses as YAML, with a trigger, read-only permissions and one installers job', () => {
    expect(workflow.name).toBe('Installers');
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'workflow_dispatch']));
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(job['runs-on']).toBe('${{ matrix.os }}');
  });

  it('builds on Windows, macOS and Linux runners with the dist scripts package.json defines', () => {
    expect(matrix.map((m) => [m.os, m.dist])).toEqual([
      ['windows-latest', 'dist:win'],
      ['macos-latest', 'dist:mac'],
      ['ubuntu-latest', 'dist:linux'],
    ]);
    for (const { dist } of matrix) expect(scripts[dist], dist).toMatch(/electron-builder --config build\/electron-builder\.config\.mjs/);
  });

  it('installs with Node 24 and npm ci, then runs the matrix’s dist script', () => {
    const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with?.['node-version']).toBe(24);
    const runs = job.steps.map((s) => s.run ?? '');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run ${{ matrix.dist }}');
    expect(runs.indexOf('npm ci')).toBeLessThan(runs.indexOf('npm run ${{ matrix.dist }}'));
    expect(job.steps.find((s) => s.run?.includes('apt-get install'))?.run).toMatch(/libsecret-1-dev.*rpm/);
  });

  it('uploads every installer type as an artifact, failing when one is missing', () => {
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({ path: '${{ matrix.artifacts }}', 'if-no-files-found': 'error' });
    const patterns = matrix.flatMap((m) => m.artifacts.trim().split('\n'));
    expect(patterns).toEqual(['dist/*.msi', 'dist/*.exe', 'dist/*.dmg', 'dist/*.pkg', 'dist/*.AppImage', 'dist/*.deb', 'dist/*.rpm']);
  });

  it('signs with the CI’s secrets, under the names electron-builder reads, and holds no credential itself', () => {
    const build = job.steps.find((s) => s.run === 'npm run ${{ matrix.dist }}');
    const env = build?.env ?? {};
    for (const name of ['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD', 'CSC_LINK', 'CSC_KEY_PASSWORD', 'CSC_INSTALLER_LINK', 'CSC_INSTALLER_KEY_PASSWORD', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER']) {
      expect(env[name], name).toBe(`\${{ secrets.${name} }}`);
    }
    // Every environment value in the file comes from the secrets: nothing literal that could be a key or a password.
    const values = job.steps.flatMap((s) => Object.values(s.env ?? {}));
    expect(values.every((v) => /^\$\{\{ secrets\.[A-Z0-9_]+ \}\}$/.test(v))).toBe(true);
    // The notarization key reaches electron-builder as a file path, written with owner-only permissions.
    const setup = job.steps.find((s) => s.name === 'Signing setup')?.run ?? '';
    expect(setup).toMatch(/umask 077[\s\S]*APPLE_API_KEY=\$RUNNER_TEMP\/apple-api-key\.p8/);
    expect(setup).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
  });
});

type SuiteWorkflow = {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; if?: string; env?: Record<string, unknown>; strategy: { matrix: { os?: string[]; include?: { os: string; dist: string }[] } }; steps: Step[] }>;
};

/** The real-Electron suite's workflow (`npm run test:electron` on hosted runners), and the installed-app check on tags. */
describe('.github/workflows/electron-app.yml', () => {
  const suiteText = readFileSync(path.join(root, '.github/workflows/electron-app.yml'), 'utf8');
  const suiteWorkflow = yaml.load(suiteText) as SuiteWorkflow;
  const suite = suiteWorkflow.jobs.suite!;
  const installed = suiteWorkflow.jobs.installed!;
  const runs = (steps: Step[]) => steps.map((s) => s.run ?? '');

  it('parses as YAML and runs on every pull request and on tags, with read-only permissions', () => {
    expect(suiteWorkflow.name).toBe('Electron app');
    expect(suiteWorkflow.on).toHaveProperty('pull_request');
    expect(suiteWorkflow.on.pull_request ?? {}).not.toHaveProperty('paths');
    expect(suiteWorkflow.on.push).toEqual({ tags: ['v*'] });
    expect(suiteWorkflow.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(suiteWorkflow.jobs).sort()).toEqual(['installed', 'suite']);
  });

  it('runs `npm run test:electron` after `npm ci` on Windows, macOS and Linux, under xvfb-run on Linux', () => {
    expect(suite['runs-on']).toBe('${{ matrix.os }}');
    expect(suite.strategy.matrix.os).toEqual(['windows-latest', 'macos-latest', 'ubuntu-latest']);
    expect(suite.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(20);
    const suiteRuns = runs(suite.steps);
    const plain = suite.steps.find((s) => s.run === 'npm run test:electron');
    const underXvfb = suite.steps.find((s) => s.run?.startsWith('xvfb-run ') && s.run.endsWith(' npm run test:electron'));
    expect(plain?.if).toBe("runner.os != 'Linux'");
    expect(underXvfb?.if).toBe("runner.os == 'Linux'");
    expect(suiteRuns.indexOf('npm ci')).toBeGreaterThanOrEqual(0);
    expect(suiteRuns.indexOf('npm ci')).toBeLessThan(suite.steps.indexOf(plain!));
    expect(suite.steps.find((s) => s.if === "runner.os == 'Linux'" && s.run?.includes('apt-get install'))?.run).toMatch(/xvfb/);
    expect(suite.env).toEqual({ CSC_IDENTITY_AUTO_DISCOVERY: false });
  });

  it('builds the packaged test app and runs the Playwright Electron config from the script it calls', () => {
    expect(scripts['test:electron']).toMatch(/npm run dist:test && playwright test -c playwright\.electron\.config\.ts$/);
    expect(scripts['dist:test']).toContain('electron-builder --config build/electron-builder.test.config.mjs --dir');
  });

  it('on tags only, installs the MSI per machine, the NSIS installer with /S and the deb, silently, and checks --version', () => {
    expect(installed.if).toBe("startsWith(github.ref, 'refs/tags/')");
    expect(installed.strategy.matrix.include?.map((m) => [m.os, m.dist])).toEqual([
      ['windows-latest', 'dist:win'],
      ['ubuntu-latest', 'dist:linux'],
    ]);
    const installedRuns = runs(installed.steps);
    expect(installedRuns).toContain('npm run ${{ matrix.dist }}');
    const msi = installed.steps.find((s) => s.name?.includes('MSI'))?.run ?? '';
    expect(msi).toMatch(/msiexec\.exe -ArgumentList '\/i'.*'\/quiet'.*'ALLUSERS=1'/);
    expect(msi).toMatch(/Guichet\.exe" --version/);
    const nsis = installed.steps.find((s) => s.name?.includes('NSIS'))?.run ?? '';
    expect(nsis).toMatch(/-ArgumentList '\/S', '\/allusers'/);
    expect(nsis).toMatch(/Guichet\.exe" --version/);
    const deb = installed.steps.find((s) => s.name?.includes('deb'))?.run ?? '';
    expect(deb).toMatch(/apt-get install -y \.\/dist\/guichet_\*_amd64\.deb/);
    expect(deb).toMatch(/guichet --version/);
    // Each check compares with package.json's version and fails otherwise.
    for (const step of [msi, nsis, deb]) expect(step).toContain("require('./package.json').version");
  });

  it('holds no credential: nothing from the secrets, nothing literal in an environment', () => {
    expect(suiteText).not.toContain('secrets.');
    const env = Object.values(suiteWorkflow.jobs).flatMap((job) => job.steps.flatMap((s) => Object.values(s.env ?? {})));
    expect(env).toEqual([]);
  });
});
