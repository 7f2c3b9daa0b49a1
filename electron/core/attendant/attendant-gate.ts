import type { BridgeError } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { verifySecret } from '../passwords/scrypt-hash';
import { deviceKey, StateUnavailableError, type StateStore } from '../verify/state-store';

/**
 * Wrong PINs allowed on this device before a lock; each further wrong PIN doubles the lock, up to the longest.
 * A visitor who types five PINs keeps the attendant out for a minute, not a quarter of an hour. Failures are
 * forgotten on the right PIN, or a day after the last one. The store keeps them across restarts.
 */
export const pinFailures = { max: 5, firstLockSeconds: 60, maxLockMinutes: 15, forgetHours: 24 };
export const pinFailureKey = 'attendant.pin-fail';
export const pinLockKey = 'attendant.pin-lock';

/** `kioskId` keys the failures: on a fleet's shared store, a stranger locking one device's prompt leaves the others open. */
export type AttendantGateDeps = { pinHash?: string; store: StateStore; kioskId: string; clock: Clock; audit: AuditLog };

/** How long the device stays locked after `failures` wrong PINs. */
function pinLockMs(failures: number): number {
  if (failures < pinFailures.max) return 0;
  const doubled = pinFailures.firstLockSeconds * 1000 * 2 ** Math.min(failures - pinFailures.max, 20);
  return Math.min(doubled, pinFailures.maxLockMinutes * 60_000);
}

/** `guichet attendant unblock`: the device's administrator lets the attendant in again at once. */
export async function clearPinFailures(store: Pick<StateStore, 'clearEvents' | 'deleteValue'>, kioskId: string): Promise<void> {
  await store.clearEvents(deviceKey(kioskId, pinFailureKey));
  await store.deleteValue(deviceKey(kioskId, pinLockKey));
}

/**
 * Checks the attendant's PIN against `kiosk.attendantPinHash`. A PIN guards the device (quit, reload) and lets a
 * visitor past the CAPTCHA, so wrong guesses are throttled per device, whatever session they come from.
 */
export class AttendantGate {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: AttendantGateDeps) {}

  /** Runs `step` after every step queued before it, whether those succeeded or failed. */
  #serialized<T>(step: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(step, step);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** null when the PIN is right; otherwise the error to show. Without a configured hash no PIN is right. */
  async check(pin: string, purpose: 'menu' | 'captcha', session?: string): Promise<BridgeError | null> {
    try {
      return await this.#check(pin, purpose, session);
    } catch (err) {
      // Failures cannot be counted: no PIN is right until the store answers again.
      if (!(err instanceof StateUnavailableError)) throw err;
      this.deps.audit.append({ event: 'state.unavailable', session, outcome: 'fail', detail: { request: `attendant.${purpose}` } });
      return { code: 'unavailable' };
    }
  }

  async #check(pin: string, purpose: 'menu' | 'captcha', session?: string): Promise<BridgeError | null> {
    const { store, clock, audit, pinHash } = this.deps;
    const failureKey = deviceKey(this.deps.kioskId, pinFailureKey);
    const lockKey = deviceKey(this.deps.kioskId, pinLockKey);
    // Counted as wrong before the (slow) hash is checked, so PINs sent in parallel cannot all pass the count. Only
    // this device writes its own keys, so queuing its checks here makes the look, count and lock one step.
    const lockedUntil = await this.#serialized(async () => {
      const now = clock.now();
      const until = Number(await store.getValue(lockKey));
      if (until > now) return until;
      await store.addEvent(failureKey, now);
      const lockMs = pinLockMs(await store.countEvents(failureKey, now - pinFailures.forgetHours * 3600_000));
      if (lockMs > 0) await store.setValue(lockKey, String(now + lockMs));
      return undefined;
    });
    if (lockedUntil !== undefined) {
      audit.append({ event: 'throttle.hit', session, outcome: 'refused', detail: { scope: 'attendant', retryAt: lockedUntil } });
      return { code: 'throttled', retryAt: lockedUntil };
    }
    const right = pinHash !== undefined && pin.length > 0 && (await verifySecret(pin, pinHash).catch(() => false));
    if (!right) {
      audit.append({ event: 'attendant.fail', session, outcome: 'fail', detail: { purpose } });
      return { code: 'invalid-input', reason: 'attendant-pin-wrong' };
    }
    await this.#serialized(() => clearPinFailures(store, this.deps.kioskId));
    audit.append({ event: 'attendant.ok', session, outcome: 'ok', detail: { purpose } });
    return null;
  }
}
