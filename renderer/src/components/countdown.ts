import { useEffect, useState } from 'react';
import { secondsUntil } from '../state/clock';
import { useGuichet, useGuichetState } from './guichet-context';

/** Seconds left until a local-clock instant, re-rendering every second until it is reached. */
export const useLocalSecondsUntil = (deadline: number | undefined, offset = 0): number => {
  const clock = useGuichet().now;
  const [now, setNow] = useState(clock);
  // A component that outlives its deadlines (the idle warning) would count from its mount time otherwise, and
  // show (and announce) more seconds than are left until its first tick.
  const [counting, setCounting] = useState(deadline);
  if (counting !== deadline) {
    setCounting(deadline);
    setNow(clock());
  }
  const left = deadline === undefined ? 0 : secondsUntil(deadline, now, offset);
  useEffect(() => {
    if (deadline === undefined || left <= 0) return;
    // Wake just after the next whole second boundary, so the display never lags a full second.
    const remainder = (deadline - (clock() + offset)) % 1000;
    const timer = setTimeout(() => setNow(clock()), remainder > 0 ? remainder + 20 : 1000);
    return () => clearTimeout(timer);
  }, [clock, deadline, offset, left, now]);
  return left;
};

/** Seconds left until a main-side instant (`SentCode.resendAt`, `retryAt`), using the offset of the current view. */
export const useSecondsUntil = (target: number | undefined): number => {
  const offset = useGuichetState((state) => state.offset);
  return useLocalSecondsUntil(target, offset);
};
