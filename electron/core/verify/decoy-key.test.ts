import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema';
import { decoyKey } from './decoy-key';
import { SqliteStateStore } from './sqlite-state-store';

const store = () => new SqliteStateStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-decoy-')), 'state.sqlite'));
const fleetSecret = '0123456789abcdef0123456789abcdef';

describe('decoyKey', () => {
  it('is the fleet secret named by security.decoyKey, the same on every install', () => {
    const config = configSchema.parse({ security: { decoyKey: 'secret:GUICHET_DECOY' } });
    const secrets = new Map([['GUICHET_DECOY', fleetSecret]]);
    const a = store();
    const b = store();
    expect(decoyKey(config, secrets, a)).toEqual(decoyKey(config, secrets, b));
    expect(decoyKey(config, secrets, a)).toEqual(Buffer.from(fleetSecret, 'utf8'));
    a.close();
    b.close();
  });

  it('refuses a fleet secret too short to be a key, naming the key', () => {
    const config = configSchema.parse({ security: { decoyKey: 'secret:GUICHET_DECOY' } });
    const s = store();
    expect(() => decoyKey(config, new Map([['GUICHET_DECOY', 'short']]), s)).toThrow(/security\.decoyKey.*at least 32/);
    s.close();
  });

  it('without one, draws a key per install that stays across restarts', () => {
    const config = configSchema.parse({});
    const s = store();
    const first = decoyKey(config, new Map(), s);
    expect(decoyKey(config, new Map(), s)).toEqual(first);
    const other = store();
    expect(decoyKey(config, new Map(), other)).not.toEqual(first);
    s.close();
    other.close();
  });

  it('is refused in the config file unless it is a secret reference', () => {
    expect(configSchema.safeParse({ security: { decoyKey: fleetSecret } }).success).toBe(false);
  });
});
