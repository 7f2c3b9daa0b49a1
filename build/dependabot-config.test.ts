import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Dependabot runs on the hosting side only; this checks that its config parses and asks for what docs/dependencies.md says. */
const root = fileURLToPath(new URL('..', import.meta.url));
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const yaml = fromBuilder('js-yaml') as { load(text: string): unknown };

type Update = { 'package-ecosystem': string; directory: string; schedule: { interval: string }; groups?: Record<string, { 'update-types'?: string[] }> };
const config = yaml.load(readFileSync(path.join(root, '.github/dependabot.yml'), 'utf8')) as { version: number; updates: Update[] };

describe('.github/dependabot.yml', () => {
  it('updates npm and the workflow actions weekly, from the repository root', () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => [u['package-ecosystem'], u.directory, u.schedule.interval])).toEqual([
      ['npm', '/', 'weekly'],
      ['github-actions', '/', 'weekly'],
    ]);
  });

  it('groups minor and patch updates, and leaves majors out of the group', () => {
    for (const update of config.updates) {
      const groups = Object.values(update.groups ?? {});
      expect(groups).toHaveLength(1);
      expect([...(groups[0]!['update-types'] ?? [])].sort()).toEqual(['minor', 'patch']);
    }
  });
});
