/** The closed list of error codes a bridge request can answer with. */
export const errorCodes = [
  'invalid-input',
  'out-of-order',
  'session-expired',
  'throttled',
  'unavailable',
  'delivery-unavailable',
  'policy-violation',
  'config-invalid',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * Why an input was refused; each has a localized sentence under `error.reason.*`.
 * Reasons never say whether an account exists.
 */
export const errorReasons = [
  'malformed',
  'empty',
  'wrong-credentials',
  'sign-in-failed',
  'sign-in-cancelled',
  'sign-in-expired',
  'phone-invalid',
  'phone-not-mobile',
  'phone-country-not-allowed',
  'email-invalid',
  'email-same-as-primary',
  'code-wrong',
  'code-expired',
  'code-dead',
  'captcha-wrong',
  'destination-mismatch',
  'password-mismatch',
  'below-minimum',
  'privileged-account',
  'attendant-pin-wrong',
  'attendant-sign-in-wrong',
] as const;
export type ErrorReason = (typeof errorReasons)[number];

/** Why a new password was refused; each has a localized sentence under `policy.reason.*`. */
export const policyReasons = [
  'too-short',
  'too-long',
  'categories',
  'contains-username',
  'contains-name',
  'banned',
  'directory-history',
  'directory-policy',
] as const;
export type PolicyReason = (typeof policyReasons)[number];

export type BridgeError = {
  code: ErrorCode;
  reason?: ErrorReason;
  /** Epoch milliseconds after which a throttled action may be tried again. */
  retryAt?: number;
  reasons?: PolicyReason[];
};
