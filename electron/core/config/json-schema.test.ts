import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, configJsonSchemaText } from './json-schema';

describe('config.schema.json', () => {
  it('is committed and matches the zod schema (run `npm run schema` after changing it)', () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../../../config.schema.json'), 'utf8');
    expect(committed).toBe(configJsonSchemaText());
  });

  it('documents the keys IT administrators rely on', () => {
    const schema = configJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['locale', 'organization', 'phone', 'backend', 'delivery', 'recovery', 'enrollment', 'security', 'kiosk', 'audit', 'state']),
    );
    expect(Object.keys(schema.properties.kiosk!.properties!)).toEqual(expect.arrayContaining(['enabled', 'idleSeconds', 'warningSeconds', 'returnHomeSeconds']));
  });
});
