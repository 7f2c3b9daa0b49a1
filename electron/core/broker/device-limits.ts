import type { DeviceSpend } from '../verify/throttles';
import type { BrokerDeps } from './broker-deps';
import { throttled } from './flow-error';
import type { Session } from './flow-state';

/** Refuses, audited, once this device reached its ceiling for `spend`. */
export function checkDeviceLimit(deps: BrokerDeps, session: Session, spend: DeviceSpend): void {
  const verdict = deps.throttles.checkDevice(spend, deps.kioskId);
  if (verdict.allowed) return;
  deps.audit.append({ event: 'throttle.hit', session: session.id, outcome: 'refused', detail: { scope: 'device', spend } });
  throw throttled(verdict.retryAt);
}

/** Checks, then counts one `spend` against this device's ceiling. */
export function spendDeviceLimit(deps: BrokerDeps, session: Session, spend: DeviceSpend): void {
  checkDeviceLimit(deps, session, spend);
  deps.throttles.recordDevice(spend, deps.kioskId);
}

/**
 * Runs one attempt that may spend `spend` (the attempt records it itself, before it returns), holding its place
 * under the ceiling meanwhile: attempts sent at once are refused past the ceiling, not all checked.
 */
export async function withDeviceAttempt<T>(deps: BrokerDeps, session: Session, spend: DeviceSpend, attempt: () => Promise<T>): Promise<T> {
  checkDeviceLimit(deps, session, spend);
  const release = deps.throttles.holdDevice(spend, deps.kioskId);
  try {
    return await attempt();
  } finally {
    release();
  }
}
