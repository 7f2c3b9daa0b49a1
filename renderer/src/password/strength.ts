import { useEffect, useState } from 'react';
import { LatestOnly, type StrengthAnswer } from './latest-only';
import type { Score } from './strength-estimate';

export type { Score } from './strength-estimate';

type Listener = (score: Score | undefined) => void;

let listener: Listener | undefined;
let queue: LatestOnly | undefined;

/** One worker for the window, started on the password step: zxcvbn and its dictionaries load there, not here. */
function strengthQueue(): LatestOnly {
  if (queue) return queue;
  const worker = new Worker(new URL('./strength-worker.ts', import.meta.url), { type: 'module', name: 'strength' });
  const latest = new LatestOnly(
    (request) => worker.postMessage(request),
    (score) => listener?.(score),
  );
  worker.onmessage = (event: MessageEvent<StrengthAnswer>) => latest.answer(event.data);
  return (queue = latest);
}

/** The live strength of a candidate password; undefined while empty or while the first estimate runs. */
export const useStrength = (password: string, userInputs: string[]): Score | undefined => {
  const [score, setScore] = useState<Score | undefined>();
  const key = userInputs.join('\n');
  useEffect(() => {
    const latest = strengthQueue();
    listener = setScore;
    return () => {
      latest.clear();
      if (listener === setScore) listener = undefined;
    };
  }, []);
  useEffect(() => {
    const latest = strengthQueue();
    if (!password) {
      latest.clear();
      setScore(undefined);
      return;
    }
    latest.ask({ password, userInputs: key.split('\n').filter(Boolean) });
  }, [password, key]);
  return score;
};
