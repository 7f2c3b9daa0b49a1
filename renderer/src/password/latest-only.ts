import type { Score } from './strength-estimate';

export type StrengthInput = { password: string; userInputs: string[] };
export type StrengthRequest = StrengthInput & { id: number };
export type StrengthAnswer = { id: number; score: Score };

/**
 * The newest keystroke wins: at most one estimate is asked at a time, and while it runs only the newest input
 * waits (the ones typed in between are dropped), so a burst of keys costs two estimates, not one per key, and
 * the last answer shown is always the one for what is in the field.
 */
export class LatestOnly {
  private nextId = 1;
  private inFlight: number | undefined;
  private waiting: StrengthInput | undefined;
  /** The estimate in flight is for an input that has since been cleared. */
  private stale = false;

  constructor(
    private readonly post: (request: StrengthRequest) => void,
    private readonly show: (score: Score) => void,
  ) {}

  ask(input: StrengthInput): void {
    if (this.inFlight === undefined) this.send(input);
    else this.waiting = input;
  }

  /** Forget what was asked (the field emptied or the screen left): no answer in flight will be shown. */
  clear(): void {
    this.waiting = undefined;
    if (this.inFlight !== undefined) this.stale = true;
  }

  answer({ id, score }: StrengthAnswer): void {
    if (id !== this.inFlight) return;
    this.inFlight = undefined;
    const { waiting, stale } = this;
    this.waiting = undefined;
    this.stale = false;
    if (waiting) this.send(waiting);
    else if (!stale) this.show(score);
  }

  private send(input: StrengthInput): void {
    this.inFlight = this.nextId;
    this.nextId += 1;
    this.post({ id: this.inFlight, ...input });
  }
}
