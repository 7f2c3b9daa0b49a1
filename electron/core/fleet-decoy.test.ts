import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { View } from '../../shared/steps';
import { startCore } from './bootstrap';

const base = { platform: 'linux' as const, installed: false, version: '0.0.0-test' };
const fleetSecret = 'f1eet-decoy-key-0123456789abcdef0123456789';

/** One kiosk: its own data folder (state, directory) and the fleet's config file. */
async function kiosk(config: unknown, env: Record<string, string>, log: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-fleet-'));
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, JSON.stringify(config));
  return startCore({ ...base, env: { GUICHET_SECRET_AUDIT_CHAIN_KEY: 'test-audit-key', ...env }, argv: ['--config', file], dataDir: dir, log: (l) => log.push(l) });
}

async function decoyFor(started: Awaited<ReturnType<typeof kiosk>>, identifier: string) {
  const c = started.core.connect({ send: () => {} });
  let view = ((await c.handle('view.get', {})) as { view: View }).view;
  view = ((await c.handle('home.recover', { token: view.token })) as { view: View }).view;
  view = ((await c.handle('recovery.identify', { token: view.token, identifier, captcha: '' })) as { view: View }).view;
  c.close('test over');
  return view.step;
}

const config = { recovery: { captcha: false }, security: { responseFloorMs: 0, decoyKey: 'secret:GUICHET_DECOY' } };

describe('security.decoyKey across a fleet', () => {
  it('gives two kiosks sharing the secret one decoy per unknown identifier', async () => {
    const env = { GUICHET_SECRET_GUICHET_DECOY: fleetSecret };
    const a = await kiosk(config, env);
    const b = await kiosk(config, env);
    const alone = await kiosk({ ...config, security: { responseFloorMs: 0 } }, {});
    try {
      const names = ['personne.un', 'personne.deux', 'personne.trois', 'personne.quatre'];
      for (const n of names) expect(await decoyFor(a, n)).toEqual(await decoyFor(b, n));
      const differs = [];
      for (const n of names) differs.push(JSON.stringify(await decoyFor(a, n)) !== JSON.stringify(await decoyFor(alone, n)));
      expect(differs).toContain(true);
    } finally {
      for (const k of [a, b, alone]) await k.core.shutdown();
    }
  }, 60_000);

  it('keeps a kiosk out of service, saying why, when the secret is too short to be a key', async () => {
    const log: string[] = [];
    const started = await kiosk(config, { GUICHET_SECRET_GUICHET_DECOY: 'short' }, log);
    try {
      expect(started.config).toBeNull();
      expect(log.join('\n')).toMatch(/security\.decoyKey: secret GUICHET_DECOY must be at least 32 characters/);
      expect(log.join('\n')).not.toContain('short');
    } finally {
      await started.core.shutdown();
    }
  });
});
