import type { PolicyReason } from '../../../shared/errors';

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
  ) {
    super(detail);
    this.name = 'BackendError';
  }
}

export type SignInResult =
  | { status: 'ok'; account: Account }
  | { status: 'invalid' }
  /** Only returned once the right password was given, so it reveals nothing to a stranger. */
  | { status: 'locked' | 'disabled'; account: Account };

export type BackendCapabilities = {
  methods: ReadonlyArray<'phone' | 'email'>;
  /** 'password': Guichet checks the password; 'redirect': the directory's own sign-in page does (Entra). */
  signIn: 'password' | 'redirect';
};

/**
 * One interface for every directory. Every method is async and fails only with BackendError.
 * Lookups and sign-ins must cost the same work for unknown identifiers as for known ones.
 */
export interface IdentityBackend {
  readonly capabilities: BackendCapabilities;
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
  /** Whether the directory answers at all; for the attendant status. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
