import { ResultCodeError } from 'ldapts';
import type { PolicyReason } from '../../../../shared/errors';
import { BackendError, type MustChange } from '../identity-backend';
import { ppolicyErrors } from './directory-controls';

/** LDAP result codes Guichet tells apart. */
export const resultCodes = {
  constraintViolation: 19,
  noSuchObject: 32,
  invalidCredentials: 49,
  insufficientAccess: 50,
  busy: 51,
  unavailable: 52,
  unwillingToPerform: 53,
} as const;

export function resultCodeOf(err: unknown): number | undefined {
  return err instanceof ResultCodeError ? err.code : undefined;
}

/** A refusal the server sent, as opposed to a connection that broke, timed out or never opened. */
export function isServerAnswer(err: unknown): err is ResultCodeError {
  const code = resultCodeOf(err);
  return code !== undefined && code !== resultCodes.busy && code !== resultCodes.unavailable;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * What an Active Directory bind refusal says, from the "data NNN" of its message
 * ("80090308: LdapErr: DSID-…, comment: AcceptSecurityContext error, data 533, v…").
 * AD sends 533 (disabled), 701 (account expired), 532 (password expired) and 773 (must change) only
 * when the password was right. It sends 775 (locked) whatever the password, so a lock is
 * reported as a wrong password: telling a stranger that an account is locked would confirm it exists.
 */
export function adBindRefusal(message: string): 'invalid' | 'disabled' | MustChange {
  const data = /\bdata ([0-9a-f]+)\b/i.exec(message)?.[1]?.toLowerCase();
  switch (data) {
    case '533':
    case '701':
      return 'disabled';
    case '532':
      return 'expired';
    case '773':
      return 'initial';
    default:
      return 'invalid';
  }
}

function unique(reasons: PolicyReason[]): PolicyReason[] {
  return [...new Set(reasons)];
}

/** Reasons from a refusal's text: Samba spells them out, Windows AD mostly says only 0000052D. */
function reasonsFromText(message: string): PolicyReason[] {
  const reasons: PolicyReason[] = [];
  if (/too short/i.test(message)) reasons.push('too-short');
  if (/too long/i.test(message)) reasons.push('too-long');
  if (/histor|already used|not being changed from existing value/i.test(message)) reasons.push('directory-history');
  if (/complexity/i.test(message)) reasons.push('categories');
  return reasons.length ? reasons : ['directory-policy'];
}

function fromPpolicy(error: number | undefined): PolicyReason[] | undefined {
  switch (error) {
    case ppolicyErrors.passwordTooShort:
      return ['too-short'];
    case ppolicyErrors.passwordTooLong:
      return ['too-long'];
    case ppolicyErrors.passwordInHistory:
      return ['directory-history'];
    case ppolicyErrors.insufficientPasswordQuality:
    case ppolicyErrors.passwordTooYoung:
      return ['directory-policy'];
    default:
      return undefined;
  }
}

/**
 * Turns a failed reset or change into the backend's error. `ppolicyError` is the OpenLDAP password policy
 * response, when the server sent one.
 */
export function passwordRefusal(err: unknown, flavor: 'ad' | 'openldap', ppolicyError?: number, what = 'password reset'): BackendError {
  const detail = `${what} refused: ${describe(err)}`;
  const code = resultCodeOf(err);
  if (code === undefined || code === resultCodes.busy || code === resultCodes.unavailable) {
    return new BackendError('unavailable', detail);
  }
  const message = err instanceof Error ? err.message : '';
  if (flavor === 'ad' && /\b0000052D\b/i.test(message)) {
    return new BackendError('policy-violation', detail, unique(reasonsFromText(message)));
  }
  // A change whose old password is not the current one: ERROR_INVALID_PASSWORD (86), or a bind-like refusal.
  if (code === resultCodes.invalidCredentials || (flavor === 'ad' && /\b00000056\b/i.test(message))) {
    return new BackendError('invalid-credentials', detail);
  }
  if (flavor === 'openldap') {
    const reasons = fromPpolicy(ppolicyError);
    if (reasons) return new BackendError('policy-violation', detail, reasons);
    if (ppolicyError === ppolicyErrors.passwordModNotAllowed) return new BackendError('permission', detail);
    if (code === resultCodes.constraintViolation) {
      return new BackendError('policy-violation', detail, unique(reasonsFromText(message)));
    }
  }
  return writeRefusal(err, what);
}

/** Turns a failed write or read into the backend's error. */
export function writeRefusal(err: unknown, what: string): BackendError {
  const detail = `${what} failed: ${describe(err)}`;
  switch (resultCodeOf(err)) {
    case resultCodes.noSuchObject:
      return new BackendError('not-found', detail);
    case resultCodes.insufficientAccess:
    case resultCodes.unwillingToPerform:
      return new BackendError('permission', detail);
    default:
      return new BackendError('unavailable', detail);
  }
}
