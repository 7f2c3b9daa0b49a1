import type { ErrorReason } from '../../../shared/errors';
import { BackendError, type Account, type RedirectSignIn } from '../backends/identity-backend';
import type { ExternalSignIn, ExternalSignInHooks } from '../transport';
import type { BrokerDeps } from './broker-deps';
import { invalid, outOfOrder, type FlowRequest, type Outcome } from './flow';
import type { EnrollmentState, FlowState, Session, SessionTransport } from './flow-state';
import { withFloor } from './inputs';

/**
 * How long the directory's page may stay open. Entra's authorization codes live about ten minutes; a visitor who
 * has not finished in five has most likely walked away from the kiosk.
 */
export const externalSignInTtlMs = 5 * 60_000;

type ExternalState = Extract<EnrollmentState, { step: 'signin-external' }>;

export const sessionTransport = (hooks: ExternalSignInHooks | undefined): SessionTransport => ({
  showsSignInPage: hooks?.showsPage ?? false,
  ...(hooks?.redirectPort !== undefined ? { signInRedirectPort: hooks.redirectPort } : {}),
});

/** The backend's own-page sign-in, when enrollment must use it instead of a password. */
export const externalSignInOf = (deps: BrokerDeps): RedirectSignIn | undefined =>
  deps.backend.capabilities.signIn === 'redirect' ? deps.backend.redirectSignIn : undefined;

/**
 * Starts a sign-in on the directory's page for the identifier the visitor typed, used only as a hint: the page
 * decides who signs in. The state, nonce and PKCE verifier stay in the session; the view gets the URL only.
 */
export async function startExternalSignIn(deps: BrokerDeps, session: Session, signIn: RedirectSignIn, identifier: string): Promise<ExternalState> {
  const port = session.transport?.signInRedirectPort;
  let redirectUri: string | undefined;
  if (port !== undefined) {
    const url = new URL(signIn.redirectUri);
    url.port = String(port);
    redirectUri = url.toString();
  }
  const request = await signIn.createSignInRequest({ loginHint: loginHint(identifier, deps.config.organization.domain), ...(redirectUri ? { redirectUri } : {}) });
  const { url, state, verifier, nonce } = request;
  return {
    step: 'signin-external',
    identifier,
    signIn: { url, pending: { redirectUri: request.redirectUri, state, verifier, nonce }, expiresAt: deps.clock.now() + externalSignInTtlMs, opened: false },
  };
}

/** `nadia.benali` becomes `nadia.benali@<organization domain>`, which is what the sign-in page expects. */
function loginHint(identifier: string, domain: string): string {
  return identifier.includes('@') ? identifier : `${identifier}@${domain}`;
}

export type SignedIn = (account: Account) => Promise<Outcome<FlowState>>;

/**
 * The step that waits for the directory's page. Every way out that is not a signed-in account goes back to the
 * identifier with a message; a failed sign-in reads the same whatever failed (state, code, account), so the
 * answer says nothing about which accounts exist. The pending request is spent by the first redirect either way.
 */
export async function externalSignInStep(
  deps: BrokerDeps,
  session: Session,
  state: ExternalState,
  request: FlowRequest,
  next: (s: EnrollmentState) => Outcome<FlowState>,
  signedIn: SignedIn,
): Promise<Outcome<FlowState>> {
  const back = next({ step: 'signin-identifier', identifier: state.identifier });
  const refuse = (reason: ErrorReason): Outcome<FlowState> => ({ ...invalid(reason), ...back });
  const expired = deps.clock.now() >= state.signIn.expiresAt;

  switch (request.name) {
    case 'flow.back':
      return back;
    case 'signin.external-open':
      if (expired) return refuse('sign-in-expired');
      return next({ ...state, signIn: { ...state.signIn, opened: true } });
    case 'signin.external-cancel':
      return refuse(request.reason === 'timeout' || expired ? 'sign-in-expired' : 'sign-in-cancelled');
    case 'signin.external-complete': {
      if (expired) return refuse('sign-in-expired');
      const signIn = externalSignInOf(deps);
      if (!signIn) return outOfOrder();
      let account: Account;
      try {
        account = await withFloor(deps, () => signIn.completeSignIn(request.redirectUrl, state.signIn.pending));
      } catch (err) {
        if (!(err instanceof BackendError) || (err.kind !== 'invalid-credentials' && err.kind !== 'not-found')) throw err;
        // IT's log gets the why (e.g. "sign-in ended with access_denied (AADSTS53003)"); the visitor, one message.
        deps.log(`sign-in on the directory's page failed: ${err.message}`);
        deps.audit.append({ event: 'signin.fail', session: session.id, outcome: 'fail', detail: { method: 'redirect', kind: err.kind } });
        return refuse('sign-in-failed');
      }
      if (account.disabled || account.locked) {
        deps.audit.append({ event: 'signin.fail', session: session.id, account: account.id, outcome: 'refused', detail: { method: 'redirect', status: account.disabled ? 'disabled' : 'locked' } });
        return { next: { kind: 'final', step: 'account-locked' } };
      }
      deps.audit.append({ event: 'signin.ok', session: session.id, account: account.id, outcome: 'ok', detail: { method: 'redirect' } });
      // The page decided who signed in: the chip shows that account, not the hint typed before.
      session.chip = account.username;
      return signedIn(account);
    }
  }
  return outOfOrder();
}

/** The sign-in a session is in, as its transport sees it; null when there is none. */
export function externalSignInView(deps: BrokerDeps, session: Session): ExternalSignIn | null {
  const flow = session.flow;
  if (flow.kind !== 'enrollment' || flow.state.step !== 'signin-external') return null;
  const { signIn } = flow.state;
  const redirectSignIn = externalSignInOf(deps);
  if (!redirectSignIn) return null;
  return {
    url: signIn.url,
    redirectUri: signIn.pending.redirectUri,
    authorityOrigin: redirectSignIn.authorityOrigin,
    state: signIn.pending.state,
    expiresAt: signIn.expiresAt,
    opened: signIn.opened,
  };
}

/** While the visitor is on the directory's page, Guichet's own screen sees no input: the idle timer waits for the page. */
export function idleHoldMs(deps: BrokerDeps, session: Session): number {
  const signIn = externalSignInView(deps, session);
  return signIn?.opened ? Math.max(0, signIn.expiresAt - deps.clock.now()) : 0;
}
