import { decoyEmailHint, decoyPhoneHint, maskEmail, maskPhone } from '../../../shared/mask';
import type { RecoveryOption } from '../../../shared/steps';
import type { Account, Methods } from '../backends/identity-backend';
import type { BrokerDeps } from './broker-deps';
import type { RecoveryTarget } from './flow-state';
import { nameDigest } from './identifier';

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

type DecoyMethods = { phone: boolean; email: boolean };

/**
 * Which methods a decoy pretends to have, drawn from recovery.decoy.optionMix by the name's digest, so decoys
 * appear in the same proportions as the real accounts around them; a reset needing two methods needs both.
 */
function decoyMethods(deps: BrokerDeps, draw: number): DecoyMethods {
  if (deps.config.recovery.methodsRequired === 2) return { phone: true, email: true };
  const mix = deps.config.recovery.decoy.optionMix;
  const percent = draw % 100;
  if (percent < mix.phone) return { phone: true, email: false };
  if (percent < mix.phone + mix.email) return { phone: false, email: true };
  return { phone: true, email: true };
}

/**
 * The options a visitor is offered. An unknown identifier, a disabled account, or an account without enough
 * usable methods gets a decoy derived from an HMAC of the normalized name: the same screens every time, on
 * every kiosk sharing security.decoyKey, and a number check that can never match. Nothing in a decoy is read
 * from a real account.
 */
export function recoveryTarget(deps: BrokerDeps, name: string, account: Account | null, methods: Methods): RecoveryTarget {
  const gates = deps.config.recovery.methodsRequired;
  const o = offered(deps);
  if (account && !account.disabled) {
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
  const bytes = nameDigest(deps.decoyKey, 'decoy', name);
  const drawn = decoyMethods(deps, bytes.readUInt16BE(0));
  // A drawn method this kiosk cannot deliver falls back to the other, as a real account's would.
  const email = o.email && (drawn.email || !(o.phone || o.voice));
  const phone = drawn.phone || !email;
  const options = [
    ...(phone ? phoneOptions(deps, decoyPhoneHint(bytes.subarray(2, 4))) : []),
    ...(email ? [{ id: 'email', channel: 'email' as const, hint: decoyEmailHint(bytes.subarray(4, 8), deps.config.recovery.decoy.emailDomains) }] : []),
  ];
  return { key: `decoy:${bytes.toString('hex').slice(0, 32)}`, destinations: {}, options };
}
