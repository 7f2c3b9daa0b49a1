/** Lets one call through per `intervalMs`; the caller passes the time so tests need no timers. */
export const createThrottle = (intervalMs: number) => {
  let last = Number.NEGATIVE_INFINITY;
  return {
    ready(now: number): boolean {
      if (now - last < intervalMs) return false;
      last = now;
      return true;
    },
    /** Counts an explicit call (e.g. "Continuer") so the next passive one waits a full interval. */
    mark(now: number): void {
      last = now;
    },
  };
};
