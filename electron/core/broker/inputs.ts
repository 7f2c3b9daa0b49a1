import type { BrokerDeps } from './broker-deps';
import { invalid, type Refusal } from './flow';

/**
 * A bare mailbox only: a dot-atom local part and a domain of dot-separated labels (RFC 5322), letters of any script
 * allowed. No display name, list, comment, quoted string or route, which a mail server would deliver to another
 * mailbox than the one counted and shown. The verification code proves the address works.
 */
const LOCAL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN = /^([\p{L}\p{N}]([\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$/u;

/** The one form of an address that throttles count, the directory stores and the mail server is given. */
export function emailAddress(input: string): string | Refusal {
  const address = input.trim().normalize('NFC').toLowerCase();
  if (!address) return invalid('empty');
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (at < 1 || address.length > 254 || local.length > 64 || !LOCAL.test(local) || !DOMAIN.test(domain)) return invalid('email-invalid');
  return address;
}

/**
 * Pads lookups, sign-ins, number checks and sends to `security.responseFloorMs`, so that how long an answer
 * takes says nothing about whether the account exists. Refusals are padded too.
 */
export async function withFloor<T>(deps: BrokerDeps, work: () => Promise<T>): Promise<T> {
  const started = deps.clock.now();
  const pad = async () => {
    const left = deps.config.security.responseFloorMs - (deps.clock.now() - started);
    if (left > 0) await deps.sleeper(left);
  };
  try {
    const result = await work();
    await pad();
    return result;
  } catch (err) {
    await pad();
    throw err;
  }
}
