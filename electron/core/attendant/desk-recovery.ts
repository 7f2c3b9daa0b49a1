import { checkPassword } from '../../../shared/password-policy';
import type { BridgeError } from '../../../shared/errors';
import { BackendError, type Account } from '../backends/identity-backend';
import type { BrokerDeps } from '../broker/broker-deps';
import type { Session } from '../broker/flow-state';
import { notifyChange } from '../broker/notify';
import { passwordContext } from '../broker/recovery-flow';
import { attendantLabel, type Attendant } from './attendant-sign-in';
import type { DeskLimits } from './desk-limits';

/** An account the attendant verified in person, with the document they checked; what the visitor's screen acts on. */
export type DeskVerified = { account: Account; attendant: Attendant; document: string };

/** What follows the attendant's confirmation: the visitor types a new password, or reads a one-time pass. */
export type DeskConfirmed =
  | { next: { verified: DeskVerified; then: 'password' } }
  | { next: { verified: DeskVerified; then: 'temporary-access-pass'; pass: string; expiresAt?: number } }
  | { refuse: BridgeError };

export type DeskPasswordResult = { next: 'security-info' } | { refuse: BridgeError };

/**
 * The desk's decisions, as values: the attendant confirms a document for an account, then the visitor (never the
 * attendant) chooses the password. Each outcome is one `attendant.recovery` audit line naming the attendant, the
 * document type and the account; a document number is never asked for, so never stored.
 */
export class DeskRecovery {
  constructor(
    private readonly deps: BrokerDeps,
    private readonly limits: DeskLimits,
  ) {}

  async confirm(session: Session, attendant: Attendant, account: Account, document: string): Promise<DeskConfirmed> {
    const { config, audit, backend, kioskId } = this.deps;
    const desk = config.recovery.attendant;
    if (!desk.documents.includes(document)) return { refuse: { code: 'invalid-input', reason: 'malformed' } };
    const line = (outcome: 'ok' | 'refused', detail: Record<string, string | number>) =>
      audit.append({ event: 'attendant.recovery', session: session.id, account: account.id, outcome, detail: { attendant: attendantLabel(attendant), document, ...detail } });
    if (account.privileged || account.disabled) {
      line('refused', { why: account.privileged ? 'privileged' : 'disabled' });
      return { refuse: { code: 'policy-violation', reason: 'privileged-account' } };
    }
    const reserved = await this.limits.reserve({ account: account.id, attendant: attendantLabel(attendant), kiosk: kioskId });
    if (!reserved.ok) {
      line('refused', { why: 'limit', scope: reserved.scope });
      return { refuse: { code: 'throttled', retryAt: reserved.retryAt } };
    }
    const verified = { account, attendant, document };
    if (desk.entra === 'temporary-access-pass' && backend.issueTemporaryAccessPass) {
      const issued = await backend.issueTemporaryAccessPass(account, desk.temporaryAccessPassMinutes).catch(async (err: unknown) => {
        await reserved.release();
        throw err;
      });
      // The pass goes to the visitor's screen only: no audit detail, log line or notice carries it.
      line('ok', { method: 'temporary-access-pass' });
      return { next: { verified, then: 'temporary-access-pass', pass: issued.pass, ...(issued.expiresAt ? { expiresAt: issued.expiresAt } : {}) } };
    }
    return { next: { verified, then: 'password' } };
  }

  /** The visitor's new password, under the same rules as any reset. */
  async setPassword(session: Session, verified: DeskVerified, password: string, confirm: string): Promise<DeskPasswordResult> {
    const { audit, backend } = this.deps;
    if (!password) return { refuse: { code: 'invalid-input', reason: 'empty' } };
    if (password !== confirm) return { refuse: { code: 'invalid-input', reason: 'password-mismatch' } };
    const verdict = checkPassword(password, passwordContext(this.deps, verified.account));
    if (!verdict.ok) return { refuse: { code: 'policy-violation', reasons: verdict.reasons } };
    const detail = { attendant: attendantLabel(verified.attendant), document: verified.document, method: 'password' };
    try {
      await this.deps.throttles.ensureReachable();
      await backend.resetPassword(verified.account, password);
    } catch (err) {
      if (!(err instanceof BackendError && err.kind === 'policy-violation')) throw err;
      audit.append({ event: 'attendant.recovery', session: session.id, account: verified.account.id, outcome: 'refused', detail: { ...detail, why: err.reasons.join(',') } });
      return { refuse: { code: 'policy-violation', reasons: err.reasons } };
    }
    audit.append({ event: 'attendant.recovery', session: session.id, account: verified.account.id, outcome: 'ok', detail });
    await this.notify(session, verified.account);
    return { next: 'security-info' };
  }

  /** Every address of record hears of it (NIST SP 800-63B: notify after recovery). */
  private async notify(session: Session, account: Account): Promise<void> {
    const methods = await this.deps.backend.getMethods(account).catch(() => ({}));
    await notifyChange(this.deps, session, account, methods, 'password-reset');
  }
}
