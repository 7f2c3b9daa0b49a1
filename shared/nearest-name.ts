import { distance } from 'fastest-levenshtein';

/**
 * The known name a misspelling most likely meant ("organisation" → "organization", "Ctl" → "Ctrl"), or undefined when
 * none is close: at most a third of the word's letters differ, case aside.
 */
export function nearestName(typed: string, known: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: { name: string; cost: number } | undefined;
  for (const name of known) {
    const cost = distance(word, name.toLowerCase());
    if (cost <= limit && (!best || cost < best.cost)) best = { name, cost };
  }
  return best?.name;
}
