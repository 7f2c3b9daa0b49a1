import type { RequestName } from '../../../shared/contract';
import type { ErrorReason } from '../../../shared/errors';
import { BackendError, type Account, type RedirectSignIn } from '../backends/identity-backend';
import type { BrokerDeps } from './broker-deps';
import { FlowError, outOfOrder } from './flow-error';
import type { EnrollmentState, FlowState, Session, SessionTransport } from './flow-state';
import { withFloor } from './inputs';

/**
 * How long the directory's page may stay open. Entra's authorization codes live about ten minutes; a visitor who
 * has not finished in five has most likely walked away from the kiosk.
 */
export const externalSignInTtlMs = 5 * 60_000;

/** What a transport learns of its visitor's sign-in: enough to show the page and route the redirect, never the verifier. */
export type ExternalSignIn = {
  url: string;
  redirectUri: string;
  authorityOrigin: string;
  /** Ties the redirect to this visitor's session (the browser host routes by it; the core checks it again). */
  state: string;
  expiresAt: number;
  opened: boolean;
};

/** How a transport (the Electron shell, the browser host) takes part in a sign-in on the directory's own page. */
export type ExternalSignInHooks = {
  /** The loopback port this transport receives the redirect on (the browser host), instead of the registered URI's. */
  redirectPort?: number;
  /** The transport shows the page in a window of its own (Electron); otherwise the screen opens it in a popup. */
  showsPage: boolean;
  /** Called whenever the visitor's sign-in changes: started, opened, over (null). */
  update(signIn: ExternalSignIn | null): void;
};

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

export type SignedIn = (account: Account) => Promise<FlowState>;

/**
 * The step that waits for the directory's page. Every way out that is not a signed-in account goes back to the
 * identifier with a message; a failed sign-in reads the same whatever failed (state, code, account), so the
 * answer says nothing about which accounts exist. The pending request is spent by the first redirect either way.
 */
export async function externalSignInStep(
  deps: BrokerDeps,
  session: Session,
  state: ExternalState,
  name: RequestName,
  p: Record<string, unknown>,
  next: (s: EnrollmentState) => FlowState,
  signedIn: SignedIn,
): Promise<FlowState> {
  const back = next({ step: 'signin-identifier', identifier: state.identifier });
  const refuse = (reason: ErrorReason) => new FlowError({ code: 'invalid-input', reason }, back);
  const expired = deps.clock.now() >= state.signIn.expiresAt;

  switch (name) {
    case 'flow.back':
      return back;
    case 'signin.external-open':
      if (expired) throw refuse('sign-in-expired');
      return next({ ...state, signIn: { ...state.signIn, opened: true } });
    case 'signin.external-cancel':
      throw refuse(p.reason === 'timeout' || expired ? 'sign-in-expired' : 'sign-in-cancelled');
    case 'signin.external-complete': {
      if (expired) throw refuse('sign-in-expired');
      const signIn = externalSignInOf(deps);
      if (!signIn) throw outOfOrder();
      let account: Account;
      try {
        account = await withFloor(deps, () => signIn.completeSignIn(String(p.redirectUrl), state.signIn.pending));
      } catch (err) {
        if (!(err instanceof BackendError) || (err.kind !== 'invalid-credentials' && err.kind !== 'not-found')) throw err;
        // IT's log gets the why (e.g. "sign-in ended with access_denied (AADSTS53003)"); the visitor, one message.
        deps.log(`sign-in on the directory's page failed: ${err.message}`);
        deps.audit.append({ event: 'signin.fail', session: session.id, outcome: 'fail', detail: { method: 'redirect', kind: err.kind } });
        throw refuse('sign-in-failed');
      }
      if (account.disabled || account.locked) {
        deps.audit.append({ event: 'signin.fail', session: session.id, account: account.id, outcome: 'refused', detail: { method: 'redirect', status: account.disabled ? 'disabled' : 'locked' } });
        return { kind: 'final', step: 'account-locked' };
      }
      deps.audit.append({ event: 'signin.ok', session: session.id, account: account.id, outcome: 'ok', detail: { method: 'redirect' } });
      // The page decided who signed in: the chip shows that account, not the hint typed before.
      session.chip = account.username;
      return signedIn(account);
    }
  }
  throw outOfOrder();
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
