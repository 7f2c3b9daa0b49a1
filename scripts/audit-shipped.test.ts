import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations
import { judge } from './audit-shipped.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const counts = (high: number, critical: number) => ({ vulnerabilities: { info: 0, low: 1, moderate: 2, high, critical, total: 3 + high + critical } });

/** A loopback port with nothing listening on it: the audit request is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('audit-shipped.mjs', () => {
  it('passes a report with moderate and low advisories only, and says what it counted', () => {
    const verdict = judge({ auditReportVersion: 2, vulnerabilities: { 'some-lib': { name: 'some-lib', severity: 'moderate', via: [] } }, metadata: counts(0, 0) });
    expect(verdict.status).toBe('clean');
    expect(verdict.lines[0]).toContain('0 critical, 0 high, 2 moderate, 1 low');
  });

  it('fails on a high or critical advisory and names the package, the advisory and whether a fix exists', () => {
    const verdict = judge({
      auditReportVersion: 2,
      vulnerabilities: {
        'bad-lib': { name: 'bad-lib', severity: 'critical', range: '<2.0.1', via: [{ title: 'Prototype pollution', url: 'https://example.test/GHSA-1' }], fixAvailable: true },
        'uses-bad-lib': { name: 'uses-bad-lib', severity: 'high', range: '*', via: ['bad-lib'], fixAvailable: false },
        'meh-lib': { name: 'meh-lib', severity: 'low', via: [] },
      },
      metadata: counts(1, 1),
    });
    expect(verdict.status).toBe('vulnerable');
    expect(verdict.lines.join('\n')).toContain('bad-lib (critical, <2.0.1): Prototype pollution <https://example.test/GHSA-1>; fix available');
    expect(verdict.lines.join('\n')).toContain('uses-bad-lib (high, *): through bad-lib; no fix yet');
    expect(verdict.lines.join('\n')).not.toContain('meh-lib');
  });

  it('reports an endpoint error (what npm prints for a refused or 4xx/5xx audit request) as not checked, never as clean', () => {
    const verdict = judge({ message: '405 Method Not Allowed - POST https://registry.test/-/npm/v1/security/advisories/bulk', statusCode: 405, error: { summary: '', detail: '' } });
    expect(verdict.status).toBe('unreachable');
    expect(verdict.lines[0]).toMatch(/^npm audit: NOT CHECKED, .*405 Method Not Allowed/);
  });

  it('run against a registry that cannot be reached, prints the not-checked line and does not fail the build', async () => {
    const port = await closedPort();
    const result = spawnSync(process.execPath, [path.join(root, 'scripts/audit-shipped.mjs')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, npm_config_registry: `http://127.0.0.1:${port}/` },
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('npm audit: NOT CHECKED');
    expect(result.stdout).toContain(`127.0.0.1:${port}`);
    expect(result.stdout).not.toContain('no high or critical advisory');
  });
});
