/// <reference lib="webworker" />
import { loadStrength } from './strength-estimate';
import type { StrengthAnswer, StrengthRequest } from './latest-only';

// The estimate takes up to tens of milliseconds on long passwords: here, off the thread that handles typing.
self.onmessage = (event: MessageEvent<StrengthRequest>) => {
  const { id, password, userInputs } = event.data;
  void loadStrength().then((estimate) => {
    const answer: StrengthAnswer = { id, score: estimate(password, userInputs) };
    self.postMessage(answer);
  });
};
