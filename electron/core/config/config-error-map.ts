import type { z } from 'zod';
import { nearestName } from '../../../shared/nearest-name';

type Issue = z.core.$ZodRawIssue;
type Check = { _zod: { def: Record<string, unknown> } };
type Schema = { _zod: { def: { type: string; checks?: Check[]; shape?: Record<string, unknown> } } };

/**
 * The words of every config problem, whatever the key: what was expected ("1 or 2", "a whole number from 5 to 3600",
 * "exactly 2 characters"), what was found and, for a misspelling, the name that was meant. Messages written on a key
 * itself (`.regex(…, 'expected …')`, custom checks) take precedence over these. A text the file holds is echoed only
 * when it was meant to be one of a few known words: anywhere else it could be a secret pasted in the wrong place.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue);
    case 'too_small':
    case 'too_big':
      return outOfRange(issue);
    case 'invalid_format':
      return invalidFormat(issue);
    case 'not_multiple_of':
      return `expected a multiple of ${String(issue.divisor)}${got(issue.input)}`;
    case 'invalid_value':
      return oneOf(issue.values, issue.input);
    case 'invalid_union':
      return invalidUnion(issue);
    case 'unrecognized_keys':
      return unknownKeys(issue.keys, knownKeys(issue.inst));
    case 'invalid_key':
      return `a key of this map is not valid: ${issue.issues.map((i) => i.message).join('; ')}`;
    default:
      return undefined;
  }
};

/** "1 or 2", `"fr", "en" or "ar"`. */
function alternatives(values: readonly unknown[]): string {
  const shown = values.map((v) => JSON.stringify(v));
  return shown.length <= 1 ? (shown[0] ?? 'nothing') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

function oneOf(values: readonly unknown[], input: unknown): string {
  if (input === undefined) return `required: expected ${alternatives(values)}`;
  const meant = typeof input === 'string' ? nearestName(input, values.filter((v): v is string => typeof v === 'string')) : undefined;
  const shown = typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean' ? ` (got ${JSON.stringify(input)})` : ` (got ${kindOf(input)})`;
  return `expected ${alternatives(values)}${shown}${meant ? `: did you mean "${meant}"?` : ''}`;
}

const maxListed = 10;

function unknownKeys(keys: readonly string[], known: readonly string[]): string {
  const described = keys.map((key) => {
    const meant = nearestName(key, known);
    return meant ? `"${key}" (did you mean "${meant}"?)` : `"${key}"`;
  });
  // A pasted file of another program can bring thousands: the first few say enough.
  const shown = described.length > maxListed ? [...described.slice(0, maxListed), `and ${described.length - maxListed} more`] : described;
  const head = `unknown key${keys.length > 1 ? 's' : ''} ${shown.join(', ')}`;
  if (described.some((d) => d.includes('did you mean')) || known.length === 0) return head;
  return `${head}; known here: ${known.join(', ')}`;
}

function knownKeys(inst: unknown): string[] {
  const shape = (inst as Schema | undefined)?._zod.def.shape;
  return shape ? Object.keys(shape) : [];
}

function invalidType(issue: Extract<Issue, { code: 'invalid_type' }>): string {
  const expected = expectedKind(issue.expected, ownerOf(issue));
  if (issue.input === undefined) return `required: expected ${expected}`;
  if (issue.expected === 'int' && typeof issue.input === 'number') return `expected ${expected}${got(issue.input)}`;
  return `expected ${expected}, got ${kindOf(issue.input)}`;
}

function expectedKind(expected: string, inst: unknown): string {
  switch (expected) {
    case 'number':
    case 'int':
      return numberRange(inst);
    case 'string':
      return 'a text in quotes';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list [ … ]';
    case 'object':
      return 'an object { … }';
    default:
      return expected;
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a text';
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return `${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const got = (input: unknown) => (typeof input === 'number' ? ` (got ${String(input)})` : '');

/** The checks of a number schema as words: "a whole number from 5 to 3600", "a number of at least 0", "a number above 0". */
function numberRange(inst: unknown): string {
  const checks = (inst as Schema | undefined)?._zod.def.checks ?? [];
  let min: { value: number; inclusive: boolean } | undefined;
  let max: { value: number; inclusive: boolean } | undefined;
  let whole = false;
  for (const { _zod } of checks) {
    const def = _zod.def;
    if (def.check === 'greater_than') min = { value: Number(def.value), inclusive: def.inclusive === true };
    if (def.check === 'less_than') max = { value: Number(def.value), inclusive: def.inclusive === true };
    if (def.check === 'number_format' && String(def.format).endsWith('int')) whole = true;
  }
  const noun = whole ? 'a whole number' : 'a number';
  if (min?.inclusive && max?.inclusive) return `${noun} from ${min.value} to ${max.value}`;
  const bounds = [
    min && (min.inclusive ? `of at least ${min.value}` : `above ${min.value}`),
    max && (max.inclusive ? `of at most ${max.value}` : `below ${max.value}`),
  ].filter(Boolean);
  return [noun, bounds.join(' and ')].filter(Boolean).join(' ');
}

/** A check (min, int…) raises the issue; the schema it is attached to holds the other checks that give the range. */
function ownerOf(issue: Issue): unknown {
  return (issue as { schema?: unknown }).schema ?? issue.inst;
}

function outOfRange(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const size = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  switch (issue.origin) {
    case 'number':
    case 'int':
    case 'bigint':
      return `expected ${numberRange(ownerOf(issue))}${got(issue.input)}`;
    case 'string':
    case 'array':
    case 'set': {
      const unit = issue.origin === 'string' ? 'character' : 'item';
      const length = typeof issue.input === 'string' ? [...issue.input].length : Array.isArray(issue.input) ? issue.input.length : undefined;
      const found = length === undefined ? '' : ` (got ${length})`;
      if (!small && 'exact' in issue && issue.exact) return `expected exactly ${size(limit, unit)}${found}`;
      return `expected ${small ? 'at least' : 'at most'} ${size(limit, unit)}${found}`;
    }
    default:
      return `expected ${small ? 'at least' : 'at most'} ${limit}`;
  }
}

const formats: Record<string, string> = {
  email: 'an email address such as name@example.org',
  url: 'a URL such as https://example.org',
  uuid: 'a UUID such as 11111111-2222-3333-4444-555555555555',
  guid: 'a GUID such as 11111111-2222-3333-4444-555555555555',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  starts_with: 'a text with the right beginning',
  ends_with: 'a text with the right ending',
};

function invalidFormat(issue: Extract<Issue, { code: 'invalid_format' }>): string {
  if (issue.format === 'regex' && 'pattern' in issue) return `expected a text matching ${String(issue.pattern)}`;
  return `expected ${formats[issue.format] ?? `a valid ${issue.format}`}`;
}

function invalidUnion(issue: Extract<Issue, { code: 'invalid_union' }>): string | undefined {
  if ('discriminator' in issue && typeof issue.discriminator === 'string') {
    const input = issue.input as Record<string, unknown> | undefined;
    const options = (issue as { options?: unknown[] }).options ?? [];
    return oneOf(options, typeof input === 'object' && input !== null ? input[issue.discriminator] : undefined);
  }
  const branches = issue.errors;
  // A union of literals (z.union([z.literal(1), z.literal(2)])): every branch refused one value.
  const values = branches.flatMap((b) => (b.length === 1 && b[0]!.code === 'invalid_value' && b[0]!.path.length === 0 ? b[0]!.values : [undefined]));
  if (values.length > 0 && !values.includes(undefined)) return oneOf(values, issue.input);
  const messages = [...new Set(branches.map((b) => b.map((i) => i.message).join('; ')))];
  return messages.length ? messages.join(', or ') : undefined;
}
