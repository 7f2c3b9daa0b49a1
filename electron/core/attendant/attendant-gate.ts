import type { BridgeError } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { verifySecret } from '../passwords/scrypt-hash';
import { deviceKey, StateUnavailableError, type StateStore } from '../verify/state-store';

/** Wrong PINs allowed per window on this device; the store keeps the count across restarts. */
export const pinFailures = { max: 5, windowMinutes: 15 };

/** `kioskId` keys the failures: on a fleet's shared store, a stranger locking one device's prompt leaves the others open. */
export type AttendantGateDeps = { pinHash?: string; store: StateStore; kioskId: string; clock: Clock; audit: AuditLog };

/**
 * Checks the attendant's PIN against `kiosk.attendantPinHash`. A PIN guards the device (quit, reload) and lets a
 * visitor past the CAPTCHA, so wrong guesses are throttled per device, whatever session they come from.
 */
export class AttendantGate {
  constructor(private readonly deps: AttendantGateDeps) {}

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
    const failureKey = deviceKey(this.deps.kioskId, 'attendant.pin-fail');
    const windowMs = pinFailures.windowMinutes * 60_000;
    const since = clock.now() - windowMs;
    if ((await store.countEvents(failureKey, since)) >= pinFailures.max) {
      const retryAt = ((await store.oldestEvent(failureKey, since)) ?? clock.now()) + windowMs;
      audit.append({ event: 'throttle.hit', session, outcome: 'refused', detail: { scope: 'attendant', retryAt } });
      return { code: 'throttled', retryAt };
    }
    const right = pinHash !== undefined && pin.length > 0 && (await verifySecret(pin, pinHash).catch(() => false));
    if (!right) {
      await store.addEvent(failureKey, clock.now());
      audit.append({ event: 'attendant.fail', session, outcome: 'fail', detail: { purpose } });
      return { code: 'invalid-input', reason: 'attendant-pin-wrong' };
    }
    await store.clearEvents(failureKey);
    audit.append({ event: 'attendant.ok', session, outcome: 'ok', detail: { purpose } });
    return null;
  }
}
