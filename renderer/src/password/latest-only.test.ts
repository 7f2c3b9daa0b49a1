import { describe, expect, it } from 'vitest';
import { LatestOnly, type StrengthRequest } from './latest-only';
import type { Score } from './strength-estimate';

function queue() {
  const posted: StrengthRequest[] = [];
  const shown: Score[] = [];
  const latest = new LatestOnly((request) => posted.push(request), (score) => shown.push(score));
  return { latest, posted, shown };
}

const input = (password: string) => ({ password, userInputs: ['jdoe'] });

describe('newest keystroke wins', () => {
  it('asks one estimate at a time and, of the keys typed meanwhile, only the newest', () => {
    const { latest, posted, shown } = queue();
    for (const password of ['a', 'ab', 'abc', 'abcd']) latest.ask(input(password));
    expect(posted.map((r) => r.password)).toEqual(['a']);
    latest.answer({ id: posted[0]!.id, score: 0 });
    // The answer for "a" is not what the field holds: not shown, and "abcd" goes next.
    expect(shown).toEqual([]);
    expect(posted.map((r) => r.password)).toEqual(['a', 'abcd']);
    latest.answer({ id: posted[1]!.id, score: 2 });
    expect(shown).toEqual([2]);
  });

  it('ignores answers it did not ask for or already had, and those for a field since emptied', () => {
    const { latest, posted, shown } = queue();
    latest.ask(input('secret'));
    latest.answer({ id: posted[0]!.id + 1, score: 4 });
    latest.clear();
    latest.answer({ id: posted[0]!.id, score: 1 });
    latest.answer({ id: posted[0]!.id, score: 1 });
    expect(shown).toEqual([]);
    latest.ask(input('other'));
    latest.answer({ id: posted[1]!.id, score: 3 });
    expect(shown).toEqual([3]);
  });
});
