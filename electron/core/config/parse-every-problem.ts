import type { z } from 'zod';
import { pathsOverlap } from './when-read-keys-valid';

type Issue = z.core.$ZodIssue;

/** Fails every type a config key can have, and stops no check the way a fraction given to `.int()` does. */
const setAside = Symbol('set aside');

/** An unknown key is about its object's extra names, not its values: it hides nothing inside that object. */
const sameConcern = (a: Issue, b: Issue) =>
  a.code === 'unrecognized_keys' || b.code === 'unrecognized_keys' ? a.code === b.code && pathsOverlap(a.path, b.path) && a.path.length === b.path.length : pathsOverlap(a.path, b.path);

/**
 * `schema.safeParse`, but a problem zod stops at (a fraction where a whole number is expected aborts every check
 * above it) does not hide the others: each value found wrong is set aside and the input checked again, until no new
 * problem appears. Checks across keys (see whenReadKeysValid) then run whenever the keys they read are sound, so the
 * admin sees every problem of the file in one run. A problem is new only if it concerns none of the keys already
 * reported, so a key set aside never yields a second message.
 */
export function safeParseEveryProblem<S extends z.ZodType>(schema: S, input: unknown, params: z.core.ParseContext<z.core.$ZodIssue>) {
  const first = schema.safeParse(input, params);
  if (first.success) return first;
  const issues: Issue[] = [...first.error.issues];
  let current = input;
  for (let round = 0; round < 5; round += 1) {
    const next = withAsideAt(current, issues.filter((i) => i.code !== 'unrecognized_keys').map((i) => i.path));
    const again = schema.safeParse(next, params);
    const fresh = again.success ? [] : again.error.issues.filter((i) => !issues.some((known) => sameConcern(known, i)));
    if (fresh.length === 0) break;
    issues.push(...fresh);
    current = next;
  }
  return { success: false as const, issues };
}

function withAsideAt(input: unknown, paths: readonly (readonly PropertyKey[])[]): unknown {
  const copy = copyOf(input);
  for (const path of paths) {
    if (path.length === 0) continue;
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) parent = isContainer(parent) ? (parent as Record<PropertyKey, unknown>)[key] : undefined;
    const last = path.at(-1)!;
    if (isContainer(parent) && Object.hasOwn(parent, last)) (parent as Record<PropertyKey, unknown>)[last] = setAside;
  }
  return copy;
}

/** A deep copy of parsed JSON (structuredClone refuses the symbols of an earlier round). */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (isContainer(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyOf(v)]));
  return value;
}

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;
