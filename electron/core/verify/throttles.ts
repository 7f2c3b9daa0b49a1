import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import type { Config } from '../config/schema';
import type { StateStore } from './state-store';
import type { MethodKind } from '../../../shared/steps';

export type Flow = 'enrollment' | 'recovery';
export type Verdict = { allowed: true } | { allowed: false; retryAt: number; scope: 'account' | 'destination' | 'kiosk' | 'cooldown' };
export type SendKey = { flow: Flow; account: string; channel: 'sms' | 'voice' | 'email'; destination: string; kiosk: string };
/** `channel` says which counter a number or address check spends: email checks count like email sends. */
export type AccountKey = { flow: Flow; account: string; channel?: SendKey['channel'] };
export type ThrottleLimits = Config['security']['throttles'];
/** What a device spends on its own ceilings: recovery lookups, and failed sign-ins whichever accounts they name. */
export type DeviceSpend = 'identify' | 'signin-failure';

type Group = MethodKind;
export type Refusal = Extract<Verdict, { allowed: false }>;

const minute = 60_000;
const hour = 60 * minute;

/**
 * Accounts and destinations are stored as digests: the store needs to count them, not to know who tried
 * recovery or which numbers were typed.
 */
const digest = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const groupOf = (channel: SendKey['channel']): Group => (channel === 'email' ? 'email' : 'phone');

/** A send's slots, taken before the provider is asked; `release` gives them back if it refuses the message. */
export type SendReservation = { allowed: true; release: () => Promise<void>; confirm: () => Promise<void> };

/**
 * Send limits after Microsoft Entra's: per account and flow (phone sends and number checks together, email
 * apart), with a long block once a limit is reached; per destination across every account and flow; per
 * kiosk, to protect the SMS budget. Everything lives in the StateStore so a restart forgives nothing, and on a
 * fleet's shared store a limit holds across every device.
 *
 * A send reserves its slots atomically before the provider is asked (two sends racing, on one device or two,
 * cannot both take the last slot) and gives them back if the provider refuses: a send counts only once the
 * provider took it.
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

  async reserveSend(key: SendKey): Promise<SendReservation | Refusal> {
    const now = this.#clock.now();
    const group = groupOf(key.channel);
    const scopes: Refusal['scope'][] = ['account', 'account', 'destination', 'kiosk', 'cooldown'];
    const { max, windowMs } = this.#limitOf(group);
    const reserved = await this.#store.reserve(
      [
        { kind: 'until', key: blockKey(key.flow, key.account) },
        { kind: 'window', key: accountKey(key.flow, group, key.account), max, windowMs },
        { kind: 'window', key: destinationKey(key.destination), max: this.#limits.perDestination.max, windowMs: this.#limits.perDestination.windowMinutes * minute },
        { kind: 'window', key: kioskKey(key.kiosk), max: this.#limits.perKioskPerHour, windowMs: hour },
        // The resend wait is one more window of one send, taken with the counts: two kiosks cannot both start it.
        ...(this.#cooldownMs > 0 ? [{ kind: 'window' as const, key: cooldownKey(key), max: 1, windowMs: this.#cooldownMs }] : []),
      ],
      now,
    );
    if (!reserved.ok) return worstOf(reserved.refusals.map((r) => ({ allowed: false, retryAt: r.retryAt, scope: scopes[r.index]! })));
    return {
      allowed: true,
      release: () => this.#store.release(reserved.taken),
      confirm: () => this.#blockIfFull(key.flow, key.account, group, now),
    };
  }

  /** Checking a full number or address in recovery reveals as much as a send, so it takes a slot like a phone send. */
  async reserveNumberCheck(k: AccountKey): Promise<Verdict> {
    const now = this.#clock.now();
    const group = groupOf(k.channel ?? 'sms');
    const { max, windowMs } = this.#limitOf(group);
    const reserved = await this.#store.reserve(
      [
        { kind: 'until', key: blockKey(k.flow, k.account) },
        { kind: 'window', key: accountKey(k.flow, group, k.account), max, windowMs },
      ],
      now,
    );
    if (!reserved.ok) return worstOf(reserved.refusals.map((r) => ({ allowed: false, retryAt: r.retryAt, scope: 'account' })));
    await this.#blockIfFull(k.flow, k.account, group, now);
    return { allowed: true };
  }

  /** Per `kiosk.id`: directory lookups and password guesses a device may make, however many names it spreads them over. */
  async checkDevice(spend: DeviceSpend, kiosk: string): Promise<Verdict> {
    return this.#deviceVerdict(spend, kiosk, await this.#deviceCount(spend, kiosk));
  }

  /**
   * checkDevice, then holdDevice if allowed, with no await between the check and the hold: attempts sent at once
   * each see the places taken by those checked before them.
   */
  async holdDeviceIfRoom(spend: DeviceSpend, kiosk: string): Promise<{ allowed: true; release: () => void } | Refusal> {
    const verdict = this.#deviceVerdict(spend, kiosk, await this.#deviceCount(spend, kiosk));
    return verdict.allowed ? { allowed: true, release: this.holdDevice(spend, kiosk) } : verdict;
  }

  async #deviceCount(spend: DeviceSpend, kiosk: string): Promise<{ count: number; oldest: number | undefined }> {
    const { windowMinutes } = this.#deviceLimit(spend);
    const key = deviceKey(spend, kiosk);
    const since = this.#clock.now() - windowMinutes * minute + 1;
    const [count, oldest] = await Promise.all([this.#store.countEvents(key, since), this.#store.oldestEvent(key, since)]);
    return { count, oldest };
  }

  #deviceVerdict(spend: DeviceSpend, kiosk: string, { count, oldest }: { count: number; oldest: number | undefined }): Verdict {
    const { max, windowMinutes } = this.#deviceLimit(spend);
    if (count < max - (this.#held.get(deviceKey(spend, kiosk)) ?? 0)) return { allowed: true };
    return { allowed: false, retryAt: (oldest ?? this.#clock.now()) + windowMinutes * minute, scope: 'kiosk' };
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

  async recordDevice(spend: DeviceSpend, kiosk: string): Promise<void> {
    await this.#store.addEvent(deviceKey(spend, kiosk), this.#clock.now());
  }

  /** Checks and counts one `spend` in one step, so parallel requests cannot pass the ceiling together. */
  async spendDevice(spend: DeviceSpend, kiosk: string): Promise<Verdict> {
    const { max, windowMinutes } = this.#deviceLimit(spend);
    const reserved = await this.#store.reserve([{ kind: 'window', key: deviceKey(spend, kiosk), max, windowMs: windowMinutes * minute }], this.#clock.now());
    return reserved.ok ? { allowed: true } : worstOf(reserved.refusals.map((r) => ({ allowed: false, retryAt: r.retryAt, scope: 'kiosk' })));
  }

  #deviceLimit(spend: DeviceSpend): { max: number; windowMinutes: number } {
    return spend === 'identify' ? this.#limits.identifyPerDevice : this.#limits.signInFailuresPerDevice;
  }

  /** After a successful reset the visitor has proved who they are; destination and kiosk counts stay. */
  async clearAccount(flow: Flow, account: string): Promise<void> {
    await this.#store.clearEvents(accountKey(flow, 'phone', account));
    await this.#store.clearEvents(accountKey(flow, 'email', account));
    await this.#store.deleteValue(blockKey(flow, account));
  }

  /** Fail closed: a step about to write to the directory first makes sure the state store answers. */
  async ensureReachable(): Promise<void> {
    await this.#store.ping();
  }

  #limitOf(group: Group): { max: number; windowMs: number } {
    const limit = group === 'phone' ? this.#limits.phonePerAccount : this.#limits.emailPerAccount;
    return { max: limit.max, windowMs: limit.windowMinutes * minute };
  }

  /** Reaching the limit blocks the whole flow for this account (Entra: 5 in an hour → 24 hours). */
  async #blockIfFull(flow: Flow, account: string, group: Group, now: number): Promise<void> {
    const blockMs = this.#limits.blockHours * hour;
    if (blockMs <= 0) return;
    const { max, windowMs } = this.#limitOf(group);
    if ((await this.#store.countEvents(accountKey(flow, group, account), now - windowMs + 1)) < max) return;
    const key = blockKey(flow, account);
    if (Number(await this.#store.getValue(key)) > now) return;
    await this.#store.setValue(key, String(now + blockMs));
  }
}

/** When several limits refuse, the visitor can retry only once all of them have freed. */
function worstOf(refusals: readonly Refusal[]): Refusal {
  return refusals.reduce((worst, r) => (r.retryAt > worst.retryAt ? r : worst));
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
