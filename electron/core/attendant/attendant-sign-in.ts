import type { BridgeError } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { Account, IdentityBackend } from '../backends/identity-backend';
import type { Clock } from '../clock';
import type { AttendantsSection } from '../config/sections/attendant';
import { deviceKey, type StateStore } from '../verify/state-store';

/** Who verified a visitor at the desk: the kiosk's shared PIN, or a member of kiosk.attendants.group. */
export type Attendant = { kind: 'pin' } | { kind: 'account'; id: string; username: string; displayName: string };

/** How the audit names an attendant: their username, or that the shared PIN was used. */
export const attendantLabel = (a: Attendant): string => (a.kind === 'pin' ? 'shared-pin' : a.username);

export const signInFailureKey = 'attendant.sign-in-fail';

export type AttendantSignInDeps = {
  backend: IdentityBackend;
  attendants: AttendantsSection;
  store: StateStore;
  kioskId: string;
  clock: Clock;
  audit: AuditLog;
};

export type AttendantSignInResult = { attendant: Extract<Attendant, { kind: 'account' }> } | { refuse: BridgeError };

/** The one answer to a wrong password, an unknown name and a non-member alike. */
const wrong: BridgeError = { code: 'invalid-input', reason: 'attendant-sign-in-wrong' };

/**
 * An attendant signs in with their own directory account, and must belong to kiosk.attendants.group. Anyone can
 * open the prompt, so every attempt is counted per device before the directory is asked, and after
 * `maxFailures` in the window the device stops asking: a stranger cannot push the helpdesk staff's accounts to
 * the directory's own lockout. The right sign-in forgets the device's failures, as the directories do.
 */
export class AttendantSignIn {
  constructor(private readonly deps: AttendantSignInDeps) {}

  /** Whether the prompt offers sign-in with an account at all. */
  get enabled(): boolean {
    return this.deps.attendants.group !== undefined;
  }

  /** Directories whose sign-in Guichet checks (embedded, AD, OpenLDAP). */
  withPassword(identifier: string, password: string, session?: string): Promise<AttendantSignInResult> {
    return this.#attempt(session, async () => {
      const result = await this.deps.backend.signIn(identifier.trim(), password);
      return result.status === 'ok' ? result.account : null;
    });
  }

  /**
   * Entra ID: the attendant signed in on Entra's own page; `prove` completes that sign-in (null when Entra
   * refused it). The group is checked here all the same.
   */
  withSignedInAccount(prove: () => Promise<Account | null>, session?: string): Promise<AttendantSignInResult> {
    return this.#attempt(session, prove);
  }

  async #attempt(session: string | undefined, prove: () => Promise<Account | null>): Promise<AttendantSignInResult> {
    const { store, clock, audit, attendants, backend } = this.deps;
    const group = attendants.group;
    if (group === undefined) return { refuse: { code: 'out-of-order' } };
    const key = deviceKey(this.deps.kioskId, signInFailureKey);
    // Counted as a failure before the directory is asked, atomically: attempts sent in parallel cannot all pass.
    const slot = await store.reserve([{ kind: 'window', key, max: attendants.maxFailures, windowMs: attendants.windowMinutes * 60_000 }], clock.now());
    if (!slot.ok) {
      const retryAt = slot.refusals[0]?.retryAt ?? clock.now();
      audit.append({ event: 'throttle.hit', session, outcome: 'refused', detail: { scope: 'attendant-sign-in', retryAt } });
      return { refuse: { code: 'throttled', retryAt } };
    }
    const account = await prove();
    const member = account !== null && !account.disabled && (await backend.isMember(account, group));
    if (!account || !member) {
      // The audit may tell IT why; the screen never does.
      audit.append({
        event: 'attendant.fail',
        session,
        ...(account ? { account: account.id } : {}),
        outcome: 'fail',
        detail: { purpose: 'sign-in', why: account ? 'not-member' : 'wrong-credentials' },
      });
      return { refuse: wrong };
    }
    await store.clearEvents(key);
    audit.append({ event: 'attendant.ok', session, account: account.id, outcome: 'ok', detail: { purpose: 'sign-in' } });
    return { attendant: { kind: 'account', id: account.id, username: account.username, displayName: account.displayName } };
  }
}
