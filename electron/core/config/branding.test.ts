import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { View } from '../../../shared/steps';
import { startCore } from '../bootstrap';
import { formatProblems, loadConfig, type LoadedConfig } from './load-config';

/** A real 1×1 PNG. */
const tinyPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-branding-'));
const base = { env: { GUICHET_SECRET_AUDIT_CHAIN_KEY: 'test-audit-key' }, platform: 'linux' as const, installed: false, version: '0.0.0-test' };
const load = (dir: string, config: unknown): LoadedConfig => {
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, JSON.stringify(config));
  return loadConfig({ ...base, argv: ['--config', file] });
};
const problems = (loaded: LoadedConfig) => (loaded.ok ? [] : formatProblems(loaded));

describe('organization.logo', () => {
  it('is read at start, relative to the config file, and carried by every view as a data: URL', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'branding'));
    fs.writeFileSync(path.join(dir, 'branding', 'logo.png'), tinyPng);
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ organization: { name: 'UM6SS', logo: 'branding/logo.png' } }));
    const started = await startCore({ ...base, argv: ['--config', file], dataDir: dir, log: () => {} });
    try {
      expect(started.config?.organization.logo).toBe(`data:image/png;base64,${tinyPng.toString('base64')}`);
      const connection = started.core.connect({ send: () => {} });
      const result = (await connection.handle('view.get', {})) as { ok: true; view: View };
      expect(result.view.organization.logo).toBe(`data:image/png;base64,${tinyPng.toString('base64')}`);
      connection.close('test over');
    } finally {
      await started.core.shutdown();
    }
  });

  it('an absolute path works too; no logo, no image', () => {
    const dir = tmp();
    const logo = path.join(dir, 'logo.png');
    fs.writeFileSync(logo, tinyPng);
    const loaded = load(tmp(), { organization: { logo } });
    expect(loaded.ok && loaded.config.organization.logo).toMatch(/^data:image\/png;base64,/);
    const none = load(dir, {});
    expect(none.ok && none.config.organization.logo).toBeUndefined();
  });

  it('a missing, oversized or non-image logo is a config problem at organization.logo', () => {
    const dir = tmp();
    const file = path.join(dir, 'config.json');
    expect(problems(load(dir, { organization: { logo: 'missing.png' } }))).toEqual([
      `config invalid: ${file}: organization.logo: ${path.join(dir, 'missing.png')} cannot be read (ENOENT)`,
    ]);
    fs.writeFileSync(path.join(dir, 'huge.png'), Buffer.concat([tinyPng, Buffer.alloc(300 * 1024)]));
    expect(problems(load(dir, { organization: { logo: 'huge.png' } }))).toEqual([
      `config invalid: ${file}: organization.logo: ${path.join(dir, 'huge.png')} is 301 KB; a logo may be at most 256 KB`,
    ]);
    fs.writeFileSync(path.join(dir, 'logo.gif'), 'GIF89a');
    expect(problems(load(dir, { organization: { logo: 'logo.gif' } }))).toEqual([
      `config invalid: ${file}: organization.logo: ${path.join(dir, 'logo.gif')} is not a PNG, JPEG or SVG image`,
    ]);
    expect(problems(load(dir, { organization: { logo: '' } }))).toEqual([expect.stringMatching(/: organization\.logo: /)]);
  });

  it('a logo that cannot be shown puts the kiosk out of service, with the reason in the log', async () => {
    const dir = tmp();
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ organization: { logo: 'missing.svg' } }));
    const log: string[] = [];
    const started = await startCore({ ...base, argv: ['--config', file], dataDir: dir, log: (line) => log.push(line) });
    expect(started.config).toBeNull();
    expect(log).toContain(`config invalid: ${file}: organization.logo: ${path.join(dir, 'missing.svg')} cannot be read (ENOENT)`);
  });
});

describe('organization.primaryColor', () => {
  it('takes a color that white text reads on (4.5:1 or more)', () => {
    for (const color of ['#0067b8', '#767676', '#B00020', '#000000']) {
      const loaded = load(tmp(), { organization: { primaryColor: color } });
      expect(problems(loaded)).toEqual([]);
      expect(loaded.ok && loaded.config.organization.primaryColor).toBe(color);
    }
  });

  it('refuses a color too light for white text, naming the ratio', () => {
    const dir = tmp();
    const file = path.join(dir, 'config.json');
    expect(problems(load(dir, { organization: { primaryColor: '#777777' } }))).toEqual([
      `config invalid: ${file}: organization.primaryColor: #777777 gives white text a contrast of 4.47:1; at least 4.5:1 is needed: choose a darker color`,
    ]);
    expect(problems(load(dir, { organization: { primaryColor: '#ffcc00' } }))).toEqual([
      expect.stringMatching(/organization\.primaryColor: #ffcc00 gives white text a contrast of 1\.\d\d:1; at least 4\.5:1 is needed/),
    ]);
  });

  it('refuses what is not #rrggbb, once', () => {
    for (const color of ['blue', '#06b', '0067b8']) {
      const lines = problems(load(tmp(), { organization: { primaryColor: color } }));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/organization\.primaryColor: expected a text matching \/\^#\[0-9a-fA-F\]\{6\}\$\//);
    }
  });
});
