import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../electron/core/config/schema';
import { createDelivery } from '../../../electron/core/delivery/create-delivery';

const readme = fs.readFileSync(path.join(__dirname, '../../../docs/delivery.md'), 'utf8');
const examples = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
const outbox = { name: 'outbox', send: async () => {} };

describe('README delivery section', () => {
  it('has the SMTP + Twilio example and the three gateway examples', () => {
    expect(examples).toHaveLength(5);
  });

  it.each(examples.map((json, i) => [i, json] as const))('example %i is a valid configuration that builds its channels', (_, json) => {
    const config = configSchema.parse(JSON.parse(json));
    const names = [...json.matchAll(/"secret:([A-Za-z0-9_]+)"/g)].map((m) => m[1]!);
    const delivery = createDelivery(config, new Map(names.map((n) => [n, 'value'])), { outbox });
    const configured = (['sms', 'voice', 'email'] as const).filter((kind) => config.delivery[kind] !== undefined);
    expect(configured.length).toBeGreaterThan(0);
    expect(configured.map((kind) => delivery[kind]?.name)).not.toContain('outbox');
  });
});
