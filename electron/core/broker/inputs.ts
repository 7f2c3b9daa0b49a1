import type { BrokerDeps } from './broker-deps';
import { invalid } from './flow-error';

// Deliberately loose: the verification code proves the address works; this only catches typos.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export function emailAddress(input: string): string {
  const address = input.trim().toLowerCase();
  if (!address) throw invalid('empty');
  if (!EMAIL.test(address) || address.length > 254) throw invalid('email-invalid');
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
