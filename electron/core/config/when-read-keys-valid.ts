import type { z } from 'zod';

type Payload = Pick<z.core.ParsePayload, 'issues'>;

/** Whether one path lies inside the other (or they are the same): a problem at one concerns the value at the other. */
export const pathsOverlap = (a: readonly PropertyKey[], b: readonly PropertyKey[]) =>
  a.slice(0, b.length).every((k, i) => k === b[i]) || b.slice(0, a.length).every((k, i) => k === a[i]);

/**
 * For a check across keys (`.superRefine(fn, whenReadKeysValid(['a', 'b'], ['c']))`): zod skips such a check as soon
 * as anything in the object is wrong, so a contradiction would only show once every other problem is fixed. This runs
 * it whenever the keys it reads are themselves valid, so `config check` reports every problem in one run.
 * An unknown key beside them does not count: it changes no value the check reads.
 */
export function whenReadKeysValid(...reads: readonly (readonly PropertyKey[])[]): { when: (payload: Payload) => boolean } {
  return {
    when: (payload) => !payload.issues.some((issue) => issue.code !== 'unrecognized_keys' && reads.some((read) => pathsOverlap(issue.path ?? [], read))),
  };
}
