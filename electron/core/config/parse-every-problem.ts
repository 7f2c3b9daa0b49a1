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
  return paths.reduce((root, path) => (path.length === 0 ? root : setAsideAt(root, path, 0)), input);
}

/** A copy of `node` with the value at `path` set aside, copying only the containers along the path (the rest is shared). */
function setAsideAt(node: unknown, path: readonly PropertyKey[], depth: number): unknown {
  const key = path[depth]!;
  if (!isContainer(node) || !Object.hasOwn(node, key)) return node;
  const copy = (Array.isArray(node) ? [...(node as unknown[])] : { ...node }) as Record<PropertyKey, unknown>;
  copy[key] = depth === path.length - 1 ? setAside : setAsideAt((node as Record<PropertyKey, unknown>)[key], path, depth + 1);
  return copy;
}

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;
