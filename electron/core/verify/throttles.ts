import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import type { Config } from '../config/schema';
import type { StateStore } from './state-store';

export type Flow = 'enrollment' | 'recovery';
export type Verdict = { allowed: true } | { allowed: false; retryAt: number; scope: 'account' | 'destination' | 'kiosk' };
export type SendKey = { flow: Flow; account: string; channel: 'sms' | 'voice' | 'email'; destination: string; kiosk: string };
/** `channel` says which counter a number or address check spends: email checks count like email sends. */
export type AccountKey = { flow: Flow; account: string; channel?: SendKey['channel'] };
export type ThrottleLimits = Config['security']['throttles'];
/** What a device spends on its own ceilings: recovery lookups, and failed sign-ins whichever accounts they name. */
export type DeviceSpend = 'identify' | 'signin-failure';

type Group = 'phone' | 'email';
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

  constructor(store: StateStore, limits: ThrottleLimits, clock: Clock) {
    this.#store = store;
    this.#limits = limits;
    this.#clock = clock;
  }

  async reserveSend(key: SendKey): Promise<SendReservation | Refusal> {
    const now = this.#clock.now();
    const group = groupOf(key.channel);
    const scopes: Refusal['scope'][] = ['account', 'account', 'destination', 'kiosk'];
    const { max, windowMs } = this.#limitOf(group);
    const reserved = await this.#store.reserve(
      [
        { kind: 'until', key: blockKey(key.flow, key.account) },
        { kind: 'window', key: accountKey(key.flow, group, key.account), max, windowMs },
        { kind: 'window', key: destinationKey(key.destination), max: this.#limits.perDestination.max, windowMs: this.#limits.perDestination.windowMinutes * minute },
        { kind: 'window', key: kioskKey(key.kiosk), max: this.#limits.perKioskPerHour, windowMs: hour },
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
    const { max, windowMinutes } = this.#deviceLimit(spend);
    const windowMs = windowMinutes * minute;
    const now = this.#clock.now();
    const key = deviceKey(spend, kiosk);
    const since = now - windowMs + 1;
    if ((await this.#store.countEvents(key, since)) < max) return { allowed: true };
    return { allowed: false, retryAt: ((await this.#store.oldestEvent(key, since)) ?? now) + windowMs, scope: 'kiosk' };
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
  return `throttle.destination.${digest(destination.trim().toLowerCase())}`;
}

function deviceKey(spend: DeviceSpend, kiosk: string): string {
  return `throttle.device.${spend}.${digest(kiosk)}`;
}

function kioskKey(kiosk: string): string {
  return `throttle.kiosk.${digest(kiosk)}`;
}
