/** Sign-in failure state of one account in the embedded directory. */
export type LockState = { failures: number; lockedUntil: number | null; lockLevel: number };

const firstLockMs = 60_000;
export const longestLockMs = 24 * 60 * 60_000;

export const unlocked: LockState = { failures: 0, lockedUntil: null, lockLevel: 0 };

export function isLocked(state: LockState, now: number): boolean {
  return state.lockedUntil !== null && now < state.lockedUntil;
}

/**
 * After `limit` consecutive failures the account is locked for a minute, then 2, 4… minutes for each
 * further lock, up to a day. Failures while locked are not counted: a stranger guessing cannot
 * stretch the owner's lock. The sign-in answers a lock as a wrong password, whoever types it.
 */
export function afterFailure(state: LockState, now: number, limit: number): LockState {
  if (isLocked(state, now)) return state;
  const failures = state.failures + 1;
  if (failures < limit) return { ...state, failures };
  const lockMs = Math.min(firstLockMs * 2 ** state.lockLevel, longestLockMs);
  // The level stops growing once the lock is a day long, so the stored number stays small.
  const lockLevel = lockMs === longestLockMs ? state.lockLevel : state.lockLevel + 1;
  return { failures: 0, lockedUntil: now + lockMs, lockLevel };
}
