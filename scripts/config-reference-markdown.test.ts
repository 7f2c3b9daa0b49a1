import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { currentConfigReference, referenceBegin, referenceEnd, renderConfigReference, withConfigReference, type JsonSchema } from './config-reference-markdown';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('the admin guide’s config reference', () => {
  it('is the one config.schema.json renders (run `npm run schema`, then `npm run docs:config`, after changing the schema)', () => {
    const schema = JSON.parse(read('config.schema.json')) as JsonSchema;
    expect(currentConfigReference(read('docs/admin-guide.md'))).toBe(renderConfigReference(schema));
  });

  it('documents every top-level section of the schema', () => {
    const schema = JSON.parse(read('config.schema.json')) as JsonSchema;
    const section = currentConfigReference(read('docs/admin-guide.md'));
    for (const [name, s] of Object.entries(schema.properties ?? {})) {
      if (s.properties) expect(section).toContain(`#### \`${name}\``);
    }
    expect(section).toContain('| `kiosk.attendantPinHash` |');
    expect(section).toContain('| `backend.ldap.bindPassword` | secret reference `secret:NAME` | **required** |');
  });
});

describe('renderConfigReference', () => {
  const schema: JsonSchema = {
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      kiosk: {
        type: 'object',
        default: {},
        properties: {
          enabled: { type: 'boolean', default: false },
          idleSeconds: { type: 'integer', minimum: 5, maximum: 3600, default: 90, description: 'Inactivity | before the warning.' },
          id: { type: 'string', minLength: 1, description: 'Device name.' },
          codeLength: { type: 'integer', minimum: 6, maximum: 6 },
          counter: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
        },
      },
      delivery: {
        type: 'object',
        description: 'How codes reach people.',
        properties: {
          sms: {
            description: 'SMS provider.',
            oneOf: [
              { type: 'object', description: 'Do not offer SMS.', properties: { type: { type: 'string', const: 'none' } }, required: ['type'] },
              {
                type: 'object',
                description: 'A gateway.',
                properties: {
                  type: { type: 'string', const: 'http' },
                  url: { type: 'string', format: 'uri', description: 'Endpoint.' },
                  token: { type: 'string', pattern: '^secret:[A-Za-z0-9_]{1,64}$' },
                  headers: { type: 'object', additionalProperties: { type: 'string' }, default: {} },
                  statuses: { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 }, minItems: 1, default: [200] },
                  method: { type: 'string', enum: ['POST', 'GET'], default: 'POST' },
                },
                required: ['type', 'url'],
              },
            ],
          },
        },
      },
    },
  };
  const text = renderConfigReference(schema);
  const row = (key: string) => text.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));

  it('puts top-level keys in one table and each section under its own heading', () => {
    expect(text.startsWith('| Key | Type | Default | Description |\n|---|---|---|---|\n| `$schema` | string | — |  |\n')).toBe(true);
    expect(text).toContain('#### `kiosk`\n\n| Key |');
    expect(text).toContain('#### `delivery`\n\nHow codes reach people.\n\n| Key |');
  });

  it('writes types with their bounds, defaults as JSON, and escapes what would break a table', () => {
    expect(row('kiosk.enabled')).toBe('| `kiosk.enabled` | boolean | `false` |  |');
    expect(row('kiosk.idleSeconds')).toBe('| `kiosk.idleSeconds` | integer 5–3600 | `90` | Inactivity \\| before the warning. |');
    expect(row('kiosk.id')).toBe('| `kiosk.id` | non-empty string | — | Device name. |');
    expect(row('kiosk.codeLength')).toBe('| `kiosk.codeLength` | integer of exactly 6 | — |  |');
    expect(row('kiosk.counter')).toBe('| `kiosk.counter` | integer ≥ 1 | — |  |');
  });

  it('lists each provider’s keys under the choice that brings them', () => {
    expect(row('delivery.sms')).toBe('| `delivery.sms` | object, by `type`: `"none"`, `"http"` | — | SMS provider. |');
    const types = text.split('\n').filter((l) => l.startsWith('| `delivery.sms.type` |'));
    expect(types).toEqual(['| `delivery.sms.type` | `"none"` | **required** | Do not offer SMS. |', '| `delivery.sms.type` | `"http"` | **required** | A gateway. |']);
    expect(row('delivery.sms.url')).toBe('| `delivery.sms.url` | URL | **required** | *With `sms.type: "http"`:* Endpoint. |');
    expect(row('delivery.sms.token')).toBe('| `delivery.sms.token` | secret reference `secret:NAME` | — | *With `sms.type: "http"`:* |');
    expect(row('delivery.sms.headers')).toBe('| `delivery.sms.headers` | map of name → string | — | *With `sms.type: "http"`:* |');
    expect(row('delivery.sms.statuses')).toBe('| `delivery.sms.statuses` | array of integer 100–599 (at least 1) | `[200]` | *With `sms.type: "http"`:* |');
    expect(row('delivery.sms.method')).toBe('| `delivery.sms.method` | `"POST"` or `"GET"` | `"POST"` | *With `sms.type: "http"`:* |');
  });
});

describe('withConfigReference', () => {
  it('replaces only what lies between the markers, and reads it back', () => {
    const guide = `# Guide\n\nbefore\n\n${referenceBegin}\nold text\n${referenceEnd}\n\nafter\n`;
    const updated = withConfigReference(guide, '| new |\n');
    expect(updated).toBe(`# Guide\n\nbefore\n\n${referenceBegin}\n| new |\n${referenceEnd}\n\nafter\n`);
    expect(currentConfigReference(updated)).toBe('| new |\n');
    expect(withConfigReference(updated, '| new |\n')).toBe(updated);
  });

  it('refuses a guide without the markers', () => {
    expect(() => withConfigReference('# Guide\n', 'x')).toThrow(/markers/);
    expect(() => currentConfigReference(`${referenceEnd}\n${referenceBegin}`)).toThrow(/markers/);
  });
});
