import type { DeviceSpend, Refusal as ThrottleRefusal, Verdict } from '../verify/throttles';
import type { BrokerDeps } from './broker-deps';
import { throttled, type Refusal } from './flow';
import type { Session } from './flow-state';

/** Refuses, audited, once this device reached its ceiling for `spend`. */
export async function checkDeviceLimit(deps: BrokerDeps, session: Session, spend: DeviceSpend): Promise<Refusal | undefined> {
  return refusalIfSpent(deps, session, spend, await deps.throttles.checkDevice(spend, deps.kioskId));
}

function refusalIfSpent(deps: BrokerDeps, session: Session, spend: DeviceSpend, verdict: Verdict): Refusal | undefined {
  return verdict.allowed ? undefined : refusal(deps, session, spend, verdict);
}

function refusal(deps: BrokerDeps, session: Session, spend: DeviceSpend, verdict: ThrottleRefusal): Refusal {
  deps.audit.append({ event: 'throttle.hit', session: session.id, outcome: 'refused', detail: { scope: 'device', spend } });
  return throttled(verdict.retryAt);
}

/** Checks, then counts one `spend` against this device's ceiling. */
export async function spendDeviceLimit(deps: BrokerDeps, session: Session, spend: DeviceSpend): Promise<Refusal | undefined> {
  return refusalIfSpent(deps, session, spend, await deps.throttles.spendDevice(spend, deps.kioskId));
}

/**
 * Runs one attempt that may spend `spend` (the attempt records it itself, before it returns), holding its place
 * under the ceiling meanwhile: attempts sent at once are refused past the ceiling, not all checked.
 */
export async function withDeviceAttempt<T>(deps: BrokerDeps, session: Session, spend: DeviceSpend, attempt: () => Promise<T>): Promise<T | Refusal> {
  const held = await deps.throttles.holdDeviceIfRoom(spend, deps.kioskId);
  if (!held.allowed) return refusal(deps, session, spend, held);
  try {
    return await attempt();
  } finally {
    held.release();
  }
}
