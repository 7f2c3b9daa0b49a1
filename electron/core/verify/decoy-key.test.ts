import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema';
import { decoyKey } from './decoy-key';
import { SqliteEngine } from './sqlite-engine';
import { SqliteStateStore } from './sqlite-state-store';

const store = () => new SqliteEngine(new SqliteStateStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-decoy-')), 'state.sqlite')));
const fleetSecret = '0123456789abcdef0123456789abcdef';

describe('decoyKey', () => {
  it('is the fleet secret named by security.decoyKey, the same on every install', async () => {
    const config = configSchema.parse({ security: { decoyKey: 'secret:GUICHET_DECOY' } });
    const secrets = new Map([['GUICHET_DECOY', fleetSecret]]);
    const a = store();
    const b = store();
    expect(await decoyKey(config, secrets, a)).toEqual(await decoyKey(config, secrets, b));
    expect(await decoyKey(config, secrets, a)).toEqual(Buffer.from(fleetSecret, 'utf8'));
    await a.close();
    await b.close();
  });

  it('refuses a fleet secret too short to be a key, naming the key', async () => {
    const config = configSchema.parse({ security: { decoyKey: 'secret:GUICHET_DECOY' } });
    const s = store();
    await expect(decoyKey(config, new Map([['GUICHET_DECOY', 'short']]), s)).rejects.toThrow(/security\.decoyKey.*at least 32/);
    await s.close();
  });

  it('without one, draws a key per install that stays across restarts', async () => {
    const config = configSchema.parse({});
    const s = store();
    const first = await decoyKey(config, new Map(), s);
    expect(await decoyKey(config, new Map(), s)).toEqual(first);
    const other = store();
    expect(await decoyKey(config, new Map(), other)).not.toEqual(first);
    await s.close();
    await other.close();
  });

  it('is refused in the config file unless it is a secret reference', () => {
    expect(configSchema.safeParse({ security: { decoyKey: fleetSecret } }).success).toBe(false);
  });
});
