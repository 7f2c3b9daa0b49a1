import type { DeviceSpend, Verdict } from '../verify/throttles';
import type { BrokerDeps } from './broker-deps';
import { throttled } from './flow-error';
import type { Session } from './flow-state';

/** Refuses, audited, once this device reached its ceiling for `spend`. */
export async function checkDeviceLimit(deps: BrokerDeps, session: Session, spend: DeviceSpend): Promise<void> {
  refuseIfSpent(deps, session, spend, await deps.throttles.checkDevice(spend, deps.kioskId));
}

function refuseIfSpent(deps: BrokerDeps, session: Session, spend: DeviceSpend, verdict: Verdict): void {
  if (verdict.allowed) return;
  deps.audit.append({ event: 'throttle.hit', session: session.id, outcome: 'refused', detail: { scope: 'device', spend } });
  throw throttled(verdict.retryAt);
}

/** Checks, then counts one `spend` against this device's ceiling. */
export async function spendDeviceLimit(deps: BrokerDeps, session: Session, spend: DeviceSpend): Promise<void> {
  refuseIfSpent(deps, session, spend, await deps.throttles.spendDevice(spend, deps.kioskId));
}
