import fs from 'node:fs';
import { renderConfigReference, withConfigReference, type JsonSchema } from './config-reference-markdown';

// Renders config.schema.json into the config reference of docs/admin-guide.md (npm run docs:config);
// run npm run schema first when the zod schema changed.
const schemaFile = new URL('../config.schema.json', import.meta.url);
const guideFile = new URL('../docs/admin-guide.md', import.meta.url);

const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as JsonSchema;
fs.writeFileSync(guideFile, withConfigReference(fs.readFileSync(guideFile, 'utf8'), renderConfigReference(schema)));
console.log(`wrote the config reference in ${guideFile.pathname}`);
