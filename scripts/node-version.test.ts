import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** One supported Node, said the same way everywhere: package.json's engines, .nvmrc, .ci/run, the installers workflow. */
const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(path.join(root, 'package.json'));
const semver = require('semver') as { minVersion(range: string): { version: string } | null; satisfies(version: string, range: string): boolean };
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const major = 24;

describe('the supported Node version', () => {
  it('is Node 24 in engines, .nvmrc, .ci/run and the installers workflow', () => {
    expect(semver.minVersion(pkg.engines.node)?.version).toBe(`${major}.0.0`);
    expect(read('.nvmrc').trim()).toBe(String(major));
    expect(read('.ci/run')).toMatch(new RegExp(`"\\$node_pkg@${major}"`));
    expect(read('.github/workflows/installers.yml')).toMatch(new RegExp(`node-version: ${major}\\n`));
  });

  it('is the one these tests run on', () => {
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });

  it('meets the Node requirement of every direct dependency, so engines claims nothing false', () => {
    const lowest = semver.minVersion(pkg.engines.node)!.version;
    const unmet = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).flatMap((name) => {
      const wanted = (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines?.node;
      return wanted && !semver.satisfies(lowest, wanted) ? [`${name} wants node ${wanted}`] : [];
    });
    expect(unmet).toEqual([]);
  });
});
