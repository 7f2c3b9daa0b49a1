import { distance } from 'fastest-levenshtein';

/**
 * The known name a misspelling most likely meant ("organisation" → "organization", "Ctl" → "Ctrl"), or undefined when
 * none is close: one letter in a short word, two or a third of a longer one, case aside.
 */
export function nearestName(typed: string, known: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  const limit = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  let best: { name: string; cost: number } | undefined;
  for (const name of known) {
    const cost = distance(word, name.toLowerCase());
    if (cost <= limit && cost < word.length && (!best || cost < best.cost)) best = { name, cost };
  }
  return best?.name;
}
