import { createHmac } from 'node:crypto';
import { decoyEmailHint, decoyPhoneHint, maskEmail, maskPhone } from '../../../shared/mask';
import type { RecoveryOption } from '../../../shared/steps';
import type { Account, Methods } from '../backends/identity-backend';
import type { BrokerDeps } from './broker-deps';
import type { RecoveryTarget } from './flow-state';

/** `JDoe`, `jdoe` and `jdoe@anything` are one identifier, so they share one decoy and one throttle key. */
export function normalizeIdentifier(identifier: string): string {
  const lower = identifier.trim().toLowerCase();
  const at = lower.indexOf('@');
  return at > 0 ? lower.slice(0, at) : lower;
}

function decoyBytes(deps: BrokerDeps, identifier: string): Buffer {
  return createHmac('sha256', deps.decoyKey).update(normalizeIdentifier(identifier)).digest();
}

function offered(deps: BrokerDeps): { phone: boolean; voice: boolean; email: boolean } {
  const methods = deps.config.enrollment.methods;
  return {
    phone: methods.includes('phone') && !!deps.delivery.sms,
    voice: methods.includes('phone') && !!deps.delivery.voice,
    email: methods.includes('email') && !!deps.delivery.email,
  };
}

function phoneOptions(deps: BrokerDeps, hint: string): RecoveryOption[] {
  const o = offered(deps);
  return [
    ...(o.phone ? [{ id: 'sms', channel: 'sms' as const, hint }] : []),
    ...(o.voice ? [{ id: 'voice', channel: 'voice' as const, hint }] : []),
  ];
}

const kinds = (options: RecoveryOption[]) => new Set(options.map((o) => (o.channel === 'email' ? 'email' : 'phone'))).size;

/**
 * The options a visitor is offered. An unknown identifier, a disabled account, or an account without enough
 * usable methods gets a decoy derived from an HMAC of the identifier: the same screens, every time, and a
 * number check that can never match.
 */
export function recoveryTarget(deps: BrokerDeps, identifier: string, account: Account | null, methods: Methods): RecoveryTarget {
  const gates = deps.config.recovery.methodsRequired;
  if (account && !account.disabled) {
    const o = offered(deps);
    const options: RecoveryOption[] = [];
    const destinations: Record<string, string> = {};
    if (methods.phone) {
      for (const opt of phoneOptions(deps, maskPhone(methods.phone))) {
        options.push(opt);
        destinations[opt.id] = methods.phone;
      }
    }
    if (methods.email && o.email) {
      options.push({ id: 'email', channel: 'email', hint: maskEmail(methods.email) });
      destinations.email = methods.email;
    }
    if (kinds(options) >= gates) return { key: `account:${account.id}`, account, destinations, options };
  }
  const bytes = decoyBytes(deps, identifier);
  const withEmail = gates === 2 || (bytes[0] & 1) === 1;
  const options = [
    ...phoneOptions(deps, decoyPhoneHint(bytes.subarray(1, 9))),
    ...(withEmail && offered(deps).email ? [{ id: 'email', channel: 'email' as const, hint: decoyEmailHint(bytes.subarray(9, 17)) }] : []),
  ];
  return { key: `decoy:${bytes.toString('hex').slice(0, 32)}`, destinations: {}, options };
}
