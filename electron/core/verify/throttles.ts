import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import type { Config } from '../config/schema';
import type { StateStore } from './state-store';

export type Flow = 'enrollment' | 'recovery';
export type Verdict = { allowed: true } | { allowed: false; retryAt: number; scope: 'account' | 'destination' | 'kiosk' | 'cooldown' };
export type SendKey = { flow: Flow; account: string; channel: 'sms' | 'voice' | 'email'; destination: string; kiosk: string };
/** `channel` says which counter a number or address check spends: email checks count like email sends. */
export type AccountKey = { flow: Flow; account: string; channel?: SendKey['channel'] };
export type ThrottleLimits = Config['security']['throttles'];
/** What a device spends on its own ceilings: recovery lookups, and failed sign-ins whichever accounts they name. */
export type DeviceSpend = 'identify' | 'signin-failure';

type Group = 'phone' | 'email';
type Refusal = Extract<Verdict, { allowed: false }>;

const minute = 60_000;
const hour = 60 * minute;

/**
 * Accounts and destinations are stored as digests: the store needs to count them, not to know who tried
 * recovery or which numbers were typed.
 */
const digest = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const groupOf = (channel: SendKey['channel']): Group => (channel === 'email' ? 'email' : 'phone');

/**
 * Send limits after Microsoft Entra's: per account and flow (phone sends and number checks together, email
 * apart), with a long block once a limit is reached; per destination across every account and flow; per
 * kiosk, to protect the SMS budget. Everything lives in the StateStore so a restart forgives nothing.
 *
 * `check*` and `record*` are separate because a send is recorded only once the provider accepted it; two
 * sends racing between check and record can both pass, which the per-kiosk and per-destination ceilings bound.
 */
export class Throttles {
  readonly #store: StateStore;
  readonly #limits: ThrottleLimits;
  readonly #clock: Clock;
  /** Device attempts under way on this process (see holdDevice). */
  readonly #held = new Map<string, number>();

  readonly #cooldownMs: number;

  /**
   * `resendSeconds` is the wait between two sends to one destination for one account: it lives in the store with
   * the counts, so going back a step, or starting a new session, does not restart it.
   */
  constructor(store: StateStore, limits: ThrottleLimits, clock: Clock, resendSeconds = 0) {
    this.#store = store;
    this.#limits = limits;
    this.#clock = clock;
    this.#cooldownMs = resendSeconds * 1000;
  }

  checkSend(key: SendKey): Verdict {
    const now = this.#clock.now();
    return verdictOf([
      this.#cooldownMs > 0 ? this.#windowRefusal('cooldown', cooldownKey(key), 1, this.#cooldownMs, now) : undefined,
      this.#accountRefusal(key.flow, key.account, groupOf(key.channel), now),
      this.#windowRefusal('destination', destinationKey(key.destination), this.#limits.perDestination.max, this.#limits.perDestination.windowMinutes * minute, now),
      this.#windowRefusal('kiosk', kioskKey(key.kiosk), this.#limits.perKioskPerHour, hour, now),
    ]);
  }

  recordSend(key: SendKey): void {
    const now = this.#clock.now();
    const group = groupOf(key.channel);
    this.#store.batch(() => {
      this.#store.addEvent(accountKey(key.flow, group, key.account), now);
      this.#store.addEvent(destinationKey(key.destination), now);
      this.#store.addEvent(kioskKey(key.kiosk), now);
      if (this.#cooldownMs > 0) this.#store.addEvent(cooldownKey(key), now);
      this.#blockIfFull(key.flow, key.account, group, now);
    });
  }

  checkNumberCheck(k: AccountKey): Verdict {
    return verdictOf([this.#accountRefusal(k.flow, k.account, groupOf(k.channel ?? 'sms'), this.#clock.now())]);
  }

  /** Checking a full number or address in recovery reveals as much as a send, so it counts like a phone send. */
  recordNumberCheck(k: AccountKey): void {
    const now = this.#clock.now();
    const group = groupOf(k.channel ?? 'sms');
    this.#store.addEvent(accountKey(k.flow, group, k.account), now);
    this.#blockIfFull(k.flow, k.account, group, now);
  }

  /** Per `kiosk.id`: directory lookups and password guesses a device may make, however many names it spreads them over. */
  checkDevice(spend: DeviceSpend, kiosk: string): Verdict {
    const { max, windowMinutes } = this.#deviceLimit(spend);
    const key = deviceKey(spend, kiosk);
    return verdictOf([this.#windowRefusal('kiosk', key, max - (this.#held.get(key) ?? 0), windowMinutes * minute, this.#clock.now())]);
  }

  /**
   * Holds one place under this device's ceiling while an attempt is being checked, so a burst of attempts sent at
   * once cannot all pass checkDevice before the first of them is recorded. The returned function frees the place.
   */
  holdDevice(spend: DeviceSpend, kiosk: string): () => void {
    const key = deviceKey(spend, kiosk);
    this.#held.set(key, (this.#held.get(key) ?? 0) + 1);
    let holding = true;
    return () => {
      if (!holding) return;
      holding = false;
      const left = (this.#held.get(key) ?? 1) - 1;
      if (left > 0) this.#held.set(key, left);
      else this.#held.delete(key);
    };
  }

  recordDevice(spend: DeviceSpend, kiosk: string): void {
    this.#store.addEvent(deviceKey(spend, kiosk), this.#clock.now());
  }

  #deviceLimit(spend: DeviceSpend): { max: number; windowMinutes: number } {
    return spend === 'identify' ? this.#limits.identifyPerDevice : this.#limits.signInFailuresPerDevice;
  }

  /** After a successful reset the visitor has proved who they are; destination and kiosk counts stay. */
  clearAccount(flow: Flow, account: string): void {
    this.#store.clearEvents(accountKey(flow, 'phone', account));
    this.#store.clearEvents(accountKey(flow, 'email', account));
    this.#store.deleteValue(blockKey(flow, account));
  }

  #limitOf(group: Group): { max: number; windowMs: number } {
    const limit = group === 'phone' ? this.#limits.phonePerAccount : this.#limits.emailPerAccount;
    return { max: limit.max, windowMs: limit.windowMinutes * minute };
  }

  #accountRefusal(flow: Flow, account: string, group: Group, now: number): Refusal | undefined {
    const blockedUntil = Number(this.#store.getValue(blockKey(flow, account)));
    if (blockedUntil > now) return { allowed: false, retryAt: blockedUntil, scope: 'account' };
    const { max, windowMs } = this.#limitOf(group);
    return this.#windowRefusal('account', accountKey(flow, group, account), max, windowMs, now);
  }

  /**
   * Refused while `max` events sit in the window. retryAt is when the oldest leaves it; if the limit was
   * lowered below the current count, that is the earliest moment worth retrying, not a promise.
   */
  #windowRefusal(scope: Refusal['scope'], key: string, max: number, windowMs: number, now: number): Refusal | undefined {
    const since = now - windowMs + 1;
    if (this.#store.countEvents(key, since) < max) return undefined;
    return { allowed: false, retryAt: (this.#store.oldestEvent(key, since) ?? now) + windowMs, scope };
  }

  /** Reaching the limit blocks the whole flow for this account (Entra: 5 in an hour → 24 hours). */
  #blockIfFull(flow: Flow, account: string, group: Group, now: number): void {
    const blockMs = this.#limits.blockHours * hour;
    if (blockMs <= 0) return;
    const { max, windowMs } = this.#limitOf(group);
    if (this.#store.countEvents(accountKey(flow, group, account), now - windowMs + 1) < max) return;
    const key = blockKey(flow, account);
    if (Number(this.#store.getValue(key)) > now) return;
    this.#store.setValue(key, String(now + blockMs));
  }
}

/** When several limits refuse, the visitor can retry only once all of them have freed. */
function verdictOf(refusals: (Refusal | undefined)[]): Verdict {
  let worst: Refusal | undefined;
  for (const r of refusals) if (r && (!worst || r.retryAt > worst.retryAt)) worst = r;
  return worst ?? { allowed: true };
}

function accountKey(flow: Flow, group: Group, account: string): string {
  return `throttle.${flow}.${group}.${digest(account)}`;
}

function blockKey(flow: Flow, account: string): string {
  return `throttle.${flow}.block.${digest(account)}`;
}

function destinationKey(destination: string): string {
  return `throttle.destination.${digest(normalDestination(destination))}`;
}

/** Per account and destination, whatever the flow or channel: an SMS then a call to one number wait alike. */
function cooldownKey(key: SendKey): string {
  return `throttle.cooldown.${digest(`${key.account}\n${normalDestination(key.destination)}`)}`;
}

const normalDestination = (destination: string) => destination.trim().toLowerCase();

function deviceKey(spend: DeviceSpend, kiosk: string): string {
  return `throttle.device.${spend}.${digest(kiosk)}`;
}

function kioskKey(kiosk: string): string {
  return `throttle.kiosk.${digest(kiosk)}`;
}
