import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText } from '../electron/core/config/json-schema';

// Regenerates the committed config.schema.json (npm run schema).
const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../config.schema.json');
fs.writeFileSync(target, configJsonSchemaText());
console.log(`wrote ${target}`);
