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
