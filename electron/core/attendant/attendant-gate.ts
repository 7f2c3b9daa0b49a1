import type { BridgeError } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { verifySecret } from '../passwords/scrypt-hash';
import type { StateStore } from '../verify/state-store';

/**
 * Wrong PINs allowed on this device before a lock; each further wrong PIN doubles the lock, up to the longest.
 * A visitor who types five PINs keeps the attendant out for a minute, not a quarter of an hour. Failures are
 * forgotten on the right PIN, or a day after the last one. The store keeps them across restarts.
 */
export const pinFailures = { max: 5, firstLockSeconds: 60, maxLockMinutes: 15, forgetHours: 24 };
export const pinFailureKey = 'attendant.pin-fail';
export const pinLockKey = 'attendant.pin-lock';

export type AttendantGateDeps = { pinHash?: string; store: StateStore; clock: Clock; audit: AuditLog };

/** How long the device stays locked after `failures` wrong PINs. */
export function pinLockMs(failures: number): number {
  if (failures < pinFailures.max) return 0;
  const doubled = pinFailures.firstLockSeconds * 1000 * 2 ** Math.min(failures - pinFailures.max, 20);
  return Math.min(doubled, pinFailures.maxLockMinutes * 60_000);
}

/** `guichet attendant unblock`: the device's administrator lets the attendant in again at once. */
export function clearPinFailures(store: StateStore): void {
  store.batch(() => {
    store.clearEvents(pinFailureKey);
    store.deleteValue(pinLockKey);
  });
}

/**
 * Checks the attendant's PIN against `kiosk.attendantPinHash`. A PIN guards the device (quit, reload) and lets a
 * visitor past the CAPTCHA, so wrong guesses are throttled per device, whatever session they come from.
 */
export class AttendantGate {
  constructor(private readonly deps: AttendantGateDeps) {}

  /** null when the PIN is right; otherwise the error to show. Without a configured hash no PIN is right. */
  async check(pin: string, purpose: 'menu' | 'captcha', session?: string): Promise<BridgeError | null> {
    const { store, clock, audit, pinHash } = this.deps;
    const now = clock.now();
    const lockedUntil = Number(store.getValue(pinLockKey));
    if (lockedUntil > now) {
      audit.append({ event: 'throttle.hit', session, outcome: 'refused', detail: { scope: 'attendant', retryAt: lockedUntil } });
      return { code: 'throttled', retryAt: lockedUntil };
    }
    // Counted as wrong before the (slow) hash is checked, so PINs sent in parallel cannot all pass the count.
    store.addEvent(pinFailureKey, now);
    const lockMs = pinLockMs(store.countEvents(pinFailureKey, now - pinFailures.forgetHours * 3600_000));
    if (lockMs > 0) store.setValue(pinLockKey, String(now + lockMs));
    const right = pinHash !== undefined && pin.length > 0 && (await verifySecret(pin, pinHash).catch(() => false));
    if (!right) {
      audit.append({ event: 'attendant.fail', session, outcome: 'fail', detail: { purpose } });
      return { code: 'invalid-input', reason: 'attendant-pin-wrong' };
    }
    clearPinFailures(store);
    audit.append({ event: 'attendant.ok', session, outcome: 'ok', detail: { purpose } });
    return null;
  }
}
