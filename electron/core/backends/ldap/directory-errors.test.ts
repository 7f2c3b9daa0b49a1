import {
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  UnavailableError,
  UnwillingToPerformError,
} from 'ldapts';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../identity-backend';
import { ppolicyErrors } from './directory-controls';
import { adBindRefusal, isServerAnswer, passwordRefusal, writeRefusal } from './directory-errors';

const adMessage = (data: string) =>
  `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data ${data}, v1db1`;

describe('adBindRefusal', () => {
  it.each([
    ['52e', 'invalid'],
    ['775', 'invalid'],
    ['533', 'disabled'],
    ['701', 'disabled'],
    ['773', 'initial'],
    ['532', 'expired'],
  ] as const)('data %s → %s', (data, outcome) => {
    expect(adBindRefusal(adMessage(data))).toBe(outcome);
  });

  it('treats a message without a sub-code as a wrong password', () => {
    expect(adBindRefusal('Invalid credentials')).toBe('invalid');
  });
});

describe('passwordRefusal on Active Directory', () => {
  it.each([
    ['0000052D: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than 7 characters!', ['too-short']],
    ['0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity criteria!', ['categories']],
    ['0000052D: Constraint violation - check_password_restrictions: the password was already used (in history)!', ['directory-history']],
    ['0000052D: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0', ['directory-policy']],
  ])('%s → %j', (message, reasons) => {
    const error = passwordRefusal(new ConstraintViolationError(message), 'ad');
    expect(error).toBeInstanceOf(BackendError);
    expect(error.kind).toBe('policy-violation');
    expect(error.reasons).toEqual(reasons);
  });

  it('reads 0000052D under unwillingToPerform too, as Windows sends it', () => {
    const error = passwordRefusal(new UnwillingToPerformError('0000052D: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0'), 'ad');
    expect(error.kind).toBe('policy-violation');
  });

  it('maps a missing right to permission and a lost connection to unavailable', () => {
    expect(passwordRefusal(new InsufficientAccessError('00002098: SecErr'), 'ad').kind).toBe('permission');
    expect(passwordRefusal(new UnwillingToPerformError('0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM)'), 'ad').kind).toBe(
      'permission',
    );
    expect(passwordRefusal(new Error('Connection closed before message response was received'), 'ad').kind).toBe('unavailable');
    expect(passwordRefusal(new UnavailableError(), 'ad').kind).toBe('unavailable');
  });
});

describe('passwordRefusal on OpenLDAP', () => {
  it('prefers the ppolicy response control', () => {
    const err = new ConstraintViolationError('Password fails quality checking policy');
    expect(passwordRefusal(err, 'openldap', ppolicyErrors.passwordTooShort).reasons).toEqual(['too-short']);
    expect(passwordRefusal(err, 'openldap', ppolicyErrors.passwordInHistory).reasons).toEqual(['directory-history']);
    expect(passwordRefusal(err, 'openldap', ppolicyErrors.insufficientPasswordQuality).reasons).toEqual(['directory-policy']);
    expect(passwordRefusal(err, 'openldap', ppolicyErrors.passwordModNotAllowed).kind).toBe('permission');
  });

  it('falls back on the server message without the control', () => {
    expect(passwordRefusal(new ConstraintViolationError('Password is in history of old passwords'), 'openldap').reasons).toEqual([
      'directory-history',
    ]);
    expect(passwordRefusal(new ConstraintViolationError('Password is not being changed from existing value'), 'openldap').reasons).toEqual([
      'directory-history',
    ]);
    expect(passwordRefusal(new ConstraintViolationError('Password fails quality checking policy'), 'openldap').reasons).toEqual([
      'directory-policy',
    ]);
  });
});

describe('writeRefusal', () => {
  it('maps result codes to backend errors', () => {
    expect(writeRefusal(new NoSuchObjectError(), 'x').kind).toBe('not-found');
    expect(writeRefusal(new InsufficientAccessError(), 'x').kind).toBe('permission');
    expect(writeRefusal(new Error('socket hang up'), 'x').kind).toBe('unavailable');
  });
});

describe('isServerAnswer', () => {
  it('tells server refusals from broken connections', () => {
    expect(isServerAnswer(new InvalidCredentialsError())).toBe(true);
    expect(isServerAnswer(new UnavailableError())).toBe(false);
    expect(isServerAnswer(new Error('Connection timeout'))).toBe(false);
  });
});
