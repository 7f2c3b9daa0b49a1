/**
 * The admin guide's config reference, rendered from config.schema.json: one table per top-level section, one row
 * per key (dotted path, type, default, description). Providers chosen by a `type` (or `format`) key list their own
 * keys with "with `type: …`" in front.
 */

export type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
};

export const referenceBegin = '<!-- config-reference:begin (rendered from config.schema.json by npm run docs:config; edit the zod schema instead) -->';
export const referenceEnd = '<!-- config-reference:end -->';

type Row = { key: string; type: string; default: string; description: string };

const code = (text: string) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);
const json = (value: unknown) => code(JSON.stringify(value));
/** Table cells: one line, and a `|` would end the cell. */
const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

/** Bounds worth printing: zod writes ±2^53-1 for "any integer", which says nothing. */
const bound = (n: number | undefined) => (n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n);

function range(min: number | undefined, max: number | undefined, unit = ''): string {
  const lo = bound(min);
  const hi = bound(max);
  if (lo !== undefined && hi !== undefined) return lo === hi ? ` of exactly ${lo}${unit}` : ` ${lo}–${hi}${unit}`;
  if (lo !== undefined) return ` ≥ ${lo}${unit}`;
  if (hi !== undefined) return ` ≤ ${hi}${unit}`;
  return '';
}

/** The variant discriminator of a `oneOf` of objects: the first key every variant pins to a constant. */
function discriminator(variants: JsonSchema[]): string | undefined {
  const first = variants[0]?.properties;
  if (!first) return undefined;
  return Object.keys(first).find((key) => variants.every((v) => v.properties?.[key]?.const !== undefined));
}

function typeOf(schema: JsonSchema): string {
  if (schema.$ref) return 'any JSON value';
  if (schema.const !== undefined) return json(schema.const);
  if (schema.enum) return schema.enum.map(json).join(' or ');
  const union = schema.oneOf ?? schema.anyOf;
  if (union) {
    const by = discriminator(union);
    if (by) return `object, by ${code(by)}: ${union.map((v) => json(v.properties![by]!.const)).join(', ')}`;
    return union.map(typeOf).join(' or ');
  }
  switch (schema.type) {
    case 'string': {
      if (schema.pattern?.startsWith('^secret:')) return `secret reference ${code('secret:NAME')}`;
      if (schema.format === 'uri') return 'URL';
      if (schema.format === 'email') return 'email address';
      const pattern = schema.pattern ? `, matching ${code(schema.pattern)}` : '';
      if (schema.minLength === 1 && bound(schema.maxLength) === undefined) return `non-empty string${pattern}`;
      const length = range(schema.minLength, schema.maxLength, ' characters');
      return `string${length ? ` of${length.replace(/^ of/, '')}` : ''}${pattern}`;
    }
    case 'integer':
      return `integer${range(schema.minimum, schema.maximum)}`;
    case 'number':
      return `number${range(schema.minimum, schema.maximum)}`;
    case 'boolean':
      return 'boolean';
    case 'array': {
      const min = schema.minItems ? ` (at least ${schema.minItems})` : '';
      return `array of ${schema.items ? typeOf(schema.items) : 'values'}${min}`;
    }
    case 'object':
      if (!schema.properties && typeof schema.additionalProperties === 'object') return `map of name → ${typeOf(schema.additionalProperties)}`;
      return 'object';
    default:
      return Array.isArray(schema.type) ? schema.type.join(' or ') : 'any JSON value';
  }
}

function defaultOf(schema: JsonSchema, required: boolean): string {
  if (schema.default === undefined) return required ? '**required**' : '—';
  // Sections default to {} so that their own keys' defaults apply: nothing to read there.
  if (typeof schema.default === 'object' && schema.default !== null && !Array.isArray(schema.default) && Object.keys(schema.default).length === 0) return '—';
  return json(schema.default);
}

/** `when` lists the provider choices a row belongs to, e.g. `sms.type: "http"` then `sms.body.format: "json"`. */
function rows(schema: JsonSchema, key: string, required: boolean, when: string[]): Row[] {
  const describe = (text: string | undefined) => [when.length ? `*With ${when.join(', ')}:*` : '', text ?? ''].filter(Boolean).join(' ');
  const own: Row = { key, type: typeOf(schema), default: defaultOf(schema, required), description: describe(schema.description) };
  const union = schema.oneOf ?? schema.anyOf;
  const by = union && discriminator(union);
  if (union && by) {
    // The union's own row, then per choice: the discriminator with what that choice is, and the keys it adds.
    return [
      own,
      ...union.flatMap((variant) => {
        const choice = variant.properties![by]!.const;
        // Named from the section down (`sms.auth.type`), so nested choices cannot be confused with the outer one.
        const chosen = [...when, code(`${[...key.split('.').slice(1), by].join('.')}: ${JSON.stringify(choice)}`)];
        const discriminatorRow = rows({ const: choice, description: variant.description }, `${key}.${by}`, true, when);
        const keys = Object.entries(variant.properties!).flatMap(([name, child]) =>
          name === by ? [] : rows(child, `${key}.${name}`, variant.required?.includes(name) ?? false, chosen),
        );
        return [...discriminatorRow, ...keys];
      }),
    ];
  }
  if (schema.type === 'object' && schema.properties) {
    const children = Object.entries(schema.properties).flatMap(([name, child]) => rows(child, `${key}.${name}`, schema.required?.includes(name) ?? false, when));
    // A section row says something only when the section itself is documented or has a default of its own.
    return own.description || own.default !== '—' ? [{ ...own, type: 'object' }, ...children] : children;
  }
  return [own];
}

function table(rowsOf: Row[]): string {
  const lines = ['| Key | Type | Default | Description |', '|---|---|---|---|'];
  for (const r of rowsOf) lines.push(`| ${cell(code(r.key))} | ${cell(r.type)} | ${cell(r.default)} | ${cell(r.description)} |`);
  return lines.join('\n');
}

/** The reference section, markers excluded. */
export function renderConfigReference(schema: JsonSchema): string {
  const top = Object.entries(schema.properties ?? {});
  const leaves = top.filter(([, s]) => !(s.type === 'object' && s.properties));
  const sections = top.filter(([, s]) => s.type === 'object' && s.properties);
  const parts: string[] = [];
  if (leaves.length) parts.push(table(leaves.flatMap(([name, s]) => rows(s, name, schema.required?.includes(name) ?? false, []))));
  for (const [name, s] of sections) {
    parts.push(`#### ${code(name)}`);
    if (s.description) parts.push(s.description);
    const body = rows({ ...s, description: undefined, default: undefined }, name, false, []);
    parts.push(table(body));
  }
  return `${parts.join('\n\n')}\n`;
}

/** `guide` with the text between the reference markers replaced by `section`. */
export function withConfigReference(guide: string, section: string): string {
  const begin = guide.indexOf(referenceBegin);
  const end = guide.indexOf(referenceEnd);
  if (begin < 0 || end < begin) throw new Error(`the guide has no ${referenceBegin} … ${referenceEnd} markers`);
  return `${guide.slice(0, begin + referenceBegin.length)}\n${section}${guide.slice(end)}`;
}

/** The text between the markers, as `withConfigReference` writes it. */
export function currentConfigReference(guide: string): string {
  const begin = guide.indexOf(referenceBegin);
  const end = guide.indexOf(referenceEnd);
  if (begin < 0 || end < begin) throw new Error(`the guide has no ${referenceBegin} … ${referenceEnd} markers`);
  return guide.slice(begin + referenceBegin.length + 1, end);
}
