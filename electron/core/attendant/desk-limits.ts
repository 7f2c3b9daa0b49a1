import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import type { AttendantRecoverySection } from '../config/sections/attendant';
import { deviceKey, type StateStore } from '../verify/state-store';

export type DeskScope = 'account' | 'attendant' | 'device';
export type DeskReservation = { ok: true; release: () => Promise<void> } | { ok: false; scope: DeskScope; retryAt: number };

const scopes: DeskScope[] = ['account', 'attendant', 'device'];
/** The store counts accounts and attendants; it need not know who they are. */
const digest = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Assisted recoveries per account, per attendant and per device, taken in one atomic reservation of the state
 * store: on a fleet's shared PostgreSQL store two desks cannot both take an account's last one.
 */
export class DeskLimits {
  constructor(
    private readonly store: StateStore,
    private readonly limits: AttendantRecoverySection['limits'],
    private readonly clock: Clock,
  ) {}

  /** `attendant`: attendantLabel() of who verified; `account`: the account id. */
  async reserve(key: { account: string; attendant: string; kiosk: string }): Promise<DeskReservation> {
    const { perAccount, perAttendant, perDevice } = this.limits;
    const window = (k: string, l: { max: number; windowMinutes: number }) => ({ kind: 'window' as const, key: k, max: l.max, windowMs: l.windowMinutes * 60_000 });
    const reserved = await this.store.reserve(
      [
        window(`desk.account.${digest(key.account)}`, perAccount),
        window(`desk.attendant.${digest(key.attendant)}`, perAttendant),
        window(deviceKey(key.kiosk, 'desk.recoveries'), perDevice),
      ],
      this.clock.now(),
    );
    if (reserved.ok) return { ok: true, release: () => this.store.release(reserved.taken) };
    const latest = reserved.refusals.reduce((a, b) => (b.retryAt > a.retryAt ? b : a));
    return { ok: false, scope: scopes[latest.index]!, retryAt: latest.retryAt };
  }
}
