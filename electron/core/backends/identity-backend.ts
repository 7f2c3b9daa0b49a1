import type { PolicyReason } from '../../../shared/errors';
import type { MethodKind } from '../../../shared/steps';
import type { Clock, Sleeper } from '../clock';
import type { Config } from '../config/schema';

/** An account as Guichet needs it; `id` is the backend's own stable key (DN, object id, row id). */
export type Account = {
  id: string;
  username: string;
  displayName: string;
  /** The primary mailbox: never accepted as an authentication email. */
  mail?: string;
  disabled: boolean;
  locked: boolean;
  /** Accounts a directory will not let Guichet reset (e.g. Entra admins). */
  privileged?: boolean;
};

/**
 * What the directory holds to compare with a photo ID at the desk; each field absent when the directory has none.
 * `photo` is a data: URL of a JPEG or PNG.
 */
export type AccountProfile = { department?: string; title?: string; employeeId?: string; photo?: string };

/** Registered methods: phone in E.164, the authentication email as typed at enrollment. */
export type Methods = { phone?: string; email?: string };

export type BackendErrorKind =
  | 'not-found'
  | 'invalid-credentials'
  | 'locked'
  | 'policy-violation'
  | 'unavailable'
  /** The service account lacks a permission: an IT problem, shown as out of service. */
  | 'permission';

export class BackendError extends Error {
  constructor(
    readonly kind: BackendErrorKind,
    /** For IT's log only; never shown to a visitor. */
    detail: string,
    readonly reasons: PolicyReason[] = [],
    /** The directory will not let Guichet reset this account (admin role, outside the app's scope, on-premises). */
    readonly privileged = false,
  ) {
    super(detail);
    this.name = 'BackendError';
  }
}

/** A refusal to show as "contact the helpdesk" (reason 'privileged-account'): no password would do for this account. */
export function isPrivilegedRefusal(e: unknown): boolean {
  return e instanceof BackendError && e.kind === 'policy-violation' && e.privileged;
}
/**
 * Why the directory wants a new password before anything else: an initial password IT set to be changed at first
 * sign-in (AD pwdLastSet 0, ppolicy pwdReset), or an expired one. Only ever told once the right password was given.
 */
export type MustChange = 'initial' | 'expired';

export type SignInResult =
  | { status: 'ok'; account: Account; mustChange?: MustChange }
  | { status: 'invalid' }
  /**
   * Only returned once the right password was given, so it reveals nothing to a stranger. A locked account
   * answers 'invalid', right password or not, so a lock is no sign that the account exists.
   */
  | { status: 'disabled'; account: Account };

export type BackendCapabilities = {
  methods: ReadonlyArray<MethodKind>;
  /** 'password': Guichet checks the password; 'redirect': the directory's own sign-in page does (Entra). */
  signIn: 'password' | 'redirect';
};

/**
 * A lock as the directory holds it now: 'locked' by failed sign-ins (the owner may clear it after the recovery
 * gates), or 'administrative', set by IT (ppolicy's 000001010000Z), which only the helpdesk lifts.
 */
export type LockStatus = 'not-locked' | 'locked' | 'administrative';
export type UnlockOutcome = 'unlocked' | Exclude<LockStatus, 'locked'>;

/**
 * Clearing a lock left by failed sign-ins. Absent where the directory cannot see or clear one (Entra ID's smart
 * lockout lives in the cloud and Graph has no call for it).
 */
export interface AccountLocks {
  /** Read from the directory at the time of asking, not from the account found earlier. */
  status(account: Account): Promise<LockStatus>;
  /** Clears a lock from failed sign-ins; never touches an administrative one, which it answers with unchanged. */
  unlock(account: Account): Promise<UnlockOutcome>;
}

/** A sign-in request on the directory's own page, as the visitor's session keeps it. */
export type RedirectSignInRequest = {
  /** The authorize URL to open in the sign-in window. */
  url: string;
  /** Where the directory sends the browser back: backend.graph.redirectUri, or its loopback twin on another port. */
  redirectUri: string;
  state: string;
  /** PKCE code verifier: never leaves the main side. */
  verifier: string;
  nonce: string;
};

/** What the session keeps between opening the sign-in page and its redirect; never sent to the renderer. */
export type PendingRedirectSignIn = Pick<RedirectSignInRequest, 'redirectUri' | 'state' | 'verifier' | 'nonce'>;

/**
 * The sign-in of a directory that proves passwords on its own page (capabilities.signIn 'redirect', Entra ID):
 * the OAuth 2.0 authorization code with PKCE, so MFA and the tenant's policies apply and Guichet never sees a password.
 */
export interface RedirectSignIn {
  /** The address the sign-in page ends on; the shell closes its window there, nothing listens on it. */
  readonly redirectUri: string;
  /** The only other origin the sign-in window may show (the authority's sign-in pages). */
  readonly authorityOrigin: string;
  /**
   * `redirectUri` lets a host that listens on a loopback port of its own (the browser host) use it: the directory
   * ignores the port of http://localhost and http://127.0.0.1 redirect URIs, so only the port may differ.
   */
  createSignInRequest(options?: { loginHint?: string; redirectUri?: string }): Promise<RedirectSignInRequest>;
  /**
   * Checks the redirect's state, redeems its code with the verifier and returns the signed-in account. Fails with
   * 'invalid-credentials' (refused, cancelled, forged or replayed) or 'not-found' (not served here), else as any lookup.
   */
  completeSignIn(redirectUrl: string, pending: PendingRedirectSignIn): Promise<Account>;
}

/**
 * One interface for every directory. Every method is async and fails only with BackendError.
 * Lookups and sign-ins must cost the same work for unknown identifiers as for known ones.
 */
export interface IdentityBackend {
  readonly capabilities: BackendCapabilities;
  /** Present when capabilities.signIn is 'redirect': enrollment signs in there instead of calling `signIn`. */
  readonly redirectSignIn?: RedirectSignIn;
  /** Username, UPN or mail; null when nobody matches (or more than one account does). */
  findUser(identifier: string): Promise<Account | null>;
  signIn(identifier: string, password: string): Promise<SignInResult>;
  getMethods(account: Account): Promise<Methods>;
  /** null removes the phone. */
  setPhone(account: Account, e164: string | null): Promise<void>;
  /** null removes the authentication email. */
  setEmail(account: Account, address: string | null): Promise<void>;
  /** Throws BackendError('policy-violation', …, reasons) when the directory refuses the password. */
  resetPassword(account: Account, newPassword: string): Promise<void>;
  /**
   * Whether the account belongs to `group` (kiosk.attendants.group: a DN, an embedded group name, an Entra object
   * id), nested membership included where the directory resolves it. A group that does not exist is an IT
   * problem: BackendError('permission').
   */
  isMember(account: Account, group: string): Promise<boolean>;
  /** What the attendant compares with the visitor's photo ID. */
  getProfile(account: Account): Promise<AccountProfile>;
  /**
   * Entra ID: a one-time Temporary Access Pass for an account verified at the desk (recovery.attendant.entra
   * "temporary-access-pass"). The pass is shown once and never logged.
   */
  issueTemporaryAccessPass?(account: Account, lifetimeInMinutes: number): Promise<{ pass: string; expiresAt?: number }>;
  /** Present where Guichet can clear a sign-in lock (not Entra ID). */
  readonly locks?: AccountLocks;
  /**
   * The user's own change, made as the user so that the directory applies the rules of a change (history, minimum
   * age, complexity). Present where Guichet takes passwords (not Entra ID, whose page forces the change itself).
   * Throws BackendError('invalid-credentials') when `current` is not the password (counted as a failed sign-in),
   * BackendError('policy-violation', …, reasons) when the directory refuses `next`; a refusal changes nothing.
   */
  changePassword?(account: Account, current: string, next: string): Promise<void>;
  /** Whether the directory answers at all; for the attendant status. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** What bootstrap hands every backend it opens, whichever directory the config names. */
export type BackendContext = {
  /** The config's secrets, resolved by name at start-up (see resolveConfigSecrets). */
  secrets: ReadonlyMap<string, string>;
  clock: Clock;
  sleeper: Sleeper;
  /** The embedded directory's SQLite file, in the data folder unless backend.embedded.database says otherwise. */
  database: string;
  /** This install's (or fleet's) key for the embedded directory's name locks, from the state store. */
  lockoutKey(): Promise<Buffer>;
};

/** The one way a backend is built: each backend module exports one, `open<Name>Backend`. */
export type OpenBackend<B extends IdentityBackend = IdentityBackend> = (config: Config, context: BackendContext) => Promise<B>;
