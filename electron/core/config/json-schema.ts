import { z } from 'zod';
import { configSchema } from './schema';

/** The JSON Schema IT's editors use to autocomplete config.json; generated from the zod schema, never by hand. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://guichet.org/config.schema.json',
    title: 'Guichet configuration',
  };
}

export const configJsonSchemaText = () => JSON.stringify(configJsonSchema(), null, 2) + '\n';
