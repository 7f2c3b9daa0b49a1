import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCore } from '../bootstrap';
import { findConfig, formatProblems, loadConfig, machineConfigRefusal } from './load-config';
import { machineConfigPath } from './machine-config-path';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-config-'));
const write = (dir: string, value: unknown) => {
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};
const base = { env: { GUICHET_SECRET_AUDIT_CHAIN_KEY: 'test-audit-key' }, platform: 'linux' as const, installed: false, version: '0.0.0-test' };

describe('config lookup', () => {
  it('prefers --config, then GUICHET_CONFIG, then the machine-wide file, then the built-in demo config', () => {
    expect(findConfig({ ...base, argv: ['--config', '/a.json'], env: { GUICHET_CONFIG: '/b.json' } })).toEqual({ kind: 'argument', file: '/a.json' });
    expect(findConfig({ ...base, argv: [], env: { GUICHET_CONFIG: '/b.json' } })).toEqual({ kind: 'environment', file: '/b.json' });
    expect(findConfig({ ...base, argv: [], platform: 'win32', env: { ProgramData: 'Z:\\NoSuchData' } }).kind).toBe('built-in');
  });

  it('knows each OS machine-wide path', () => {
    expect(machineConfigPath('win32', { ProgramData: 'C:\\ProgramData' })).toBe('C:\\ProgramData\\Guichet\\config.json');
    expect(machineConfigPath('darwin', {})).toBe('/Library/Application Support/Guichet/config.json');
    expect(machineConfigPath('linux', {})).toBe('/etc/guichet/config.json');
  });

  it('fills every key from a minimal file', () => {
    const file = write(tmp(), { organization: { name: 'UM6SS' } });
    const loaded = loadConfig({ ...base, argv: ['--config', file] });
    if (!loaded.ok) throw new Error(formatProblems(loaded).join('\n'));
    expect(loaded.config.organization.name).toBe('UM6SS');
    expect(loaded.config.locale.default).toBe('fr');
    expect(loaded.config.security.code).toEqual({ length: 6, ttlSeconds: 300, maxAttempts: 3, resendSeconds: 30 });
    expect(loaded.config.backend.type).toBe('embedded');
  });
});

describe('invalid config', () => {
  it('names the file, the JSON path and what was expected', () => {
    const file = write(tmp(), { kiosk: { idleSeconds: 'soon' }, backend: { type: 'novell' } });
    const loaded = loadConfig({ ...base, argv: ['--config', file] });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const lines = formatProblems(loaded);
    expect(lines).toContainEqual(`config invalid: ${file}: kiosk.idleSeconds: expected a whole number from 5 to 3600, got a text`);
    expect(lines).toContainEqual(`config invalid: ${file}: backend.type: expected "embedded", "ldap" or "graph" (got "novell")`);
  });

  it('refuses a minimum of methods below what recovery requires, unknown keys and bad JSON', () => {
    const dir = tmp();
    const bad = loadConfig({ ...base, argv: ['--config', write(dir, { recovery: { methodsRequired: 2 }, enrollment: { minimumMethods: 1 } })] });
    expect(!bad.ok && formatProblems(bad).join()).toMatch(/enrollment\.minimumMethods: expected at least recovery\.methodsRequired \(2\), got 1/);
    const unknown = loadConfig({ ...base, argv: ['--config', write(dir, { kiosk: { enable: true } })] });
    expect(!unknown.ok && formatProblems(unknown).join()).toMatch(/kiosk: unknown key "enable" \(did you mean "enabled"\?\)/);
    const broken = loadConfig({ ...base, argv: ['--config', write(dir, '{ "kiosk": ')] });
    expect(!broken.ok && formatProblems(broken).join()).toMatch(/not valid JSON at line 1, column 12: expected a value/);
  });

  it('logs where a syntax error is but not the line itself, which config check shows', () => {
    const pasted = 'AC0123456789abcdef0123456789abcdef';
    const broken = loadConfig({ ...base, argv: ['--config', write(tmp(), `{\n  "delivery": { "sms": { "authToken": "${pasted}", } }\n}`)] });
    if (broken.ok) throw new Error('accepted');
    expect(formatProblems(broken)).toEqual([expect.stringMatching(/\(file\): not valid JSON at line 2, column \d+: a comma before/)]);
    expect(formatProblems(broken).join('\n')).not.toContain(pasted);
    expect(formatProblems(broken, { showLines: true })).toHaveLength(3);
  });

  it('starts an out-of-service core that answers every request with the out-of-service screen', async () => {
    const dir = tmp();
    const file = write(dir, { backend: { type: 'novell' } });
    const log: string[] = [];
    const started = await startCore({ ...base, argv: ['--config', file], dataDir: dir, log: (l) => log.push(l) });
    expect(started.config).toBeNull();
    expect(log.join('\n')).toMatch(/config invalid: .*config\.json: backend\.type/);
    const connection = started.core.connect({ send: () => {} });
    for (const name of ['view.get', 'home.sign-in'] as const) {
      const result = (await connection.handle(name, { token: 'x' })) as { ok: boolean; error: { code: string }; view: { step: { name: string } } };
      expect(result.ok).toBe(false);
      expect(result.error.code).toBe('config-invalid');
      expect(result.view.step.name).toBe('out-of-service');
    }
  });

  it('refuses a machine-wide file or folder that non-administrators can write', () => {
    const dir = tmp();
    const file = write(dir, {});
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(file, 0o666);
    expect(machineConfigRefusal(file, 'linux')).toMatch(/config\.json is writable by non-administrators \(mode 666\)/);
    fs.chmodSync(file, 0o644);
    fs.chmodSync(dir, 0o777);
    expect(machineConfigRefusal(file, 'linux')).toMatch(/is writable by non-administrators \(mode 777\)/);
    fs.chmodSync(dir, 0o755);
    const root = process.getuid?.() === 0;
    expect(machineConfigRefusal(file, 'linux')).toBe(root ? undefined : `${file} is not owned by root; refused`);
  });
});
