import { BerReader, BerWriter } from 'ldapts';
import { describe, expect, it } from 'vitest';
import {
  PasswordPolicyControl,
  PolicyHintsControl,
  passwordModifyRequest,
  ppolicyErrors,
  unicodePwdValue,
} from './directory-controls';

function encoded(control: PolicyHintsControl | PasswordPolicyControl): Buffer {
  const writer = new BerWriter();
  control.write(writer);
  return writer.buffer;
}

describe('PolicyHintsControl', () => {
  it('encodes the OID, non-critical, with the value SEQUENCE { INTEGER 1 }', () => {
    const bytes = encoded(new PolicyHintsControl());
    const reader = new BerReader(bytes);
    reader.readSequence();
    expect(reader.readString()).toBe('1.2.840.113556.1.4.2239');
    expect(reader.readBoolean()).toBe(false);
    expect(reader.readString(0x04, true)).toEqual(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]));
  });
});

describe('PasswordPolicyControl', () => {
  it('is sent without a value', () => {
    const reader = new BerReader(encoded(new PasswordPolicyControl()));
    reader.readSequence();
    expect(reader.readString()).toBe('1.3.6.1.4.1.42.2.27.8.5.1');
    expect(reader.readBoolean()).toBe(false);
    expect(reader.remain).toBe(0);
  });

  // Values as slapd 2.5 sent them (ldappasswd -e ppolicy prints them in base64).
  it.each([
    ['MAOBAQY=', ppolicyErrors.passwordTooShort],
    ['MAOBAQg=', ppolicyErrors.passwordInHistory],
  ])('reads the error of %s', (base64, error) => {
    const control = new PasswordPolicyControl();
    control.parse(new BerReader(Buffer.from(base64, 'base64')));
    expect(control.error).toBe(error);
  });

  it('skips a warning and reads the error after it', () => {
    // SEQUENCE { [0] { [0] INTEGER 30 }, [1] 1 }
    const control = new PasswordPolicyControl();
    control.parse(new BerReader(Buffer.from([0x30, 0x08, 0xa0, 0x03, 0x80, 0x01, 0x1e, 0x81, 0x01, 0x01])));
    expect(control.error).toBe(ppolicyErrors.accountLocked);
  });

  it('leaves the error undefined when the server sends only a warning', () => {
    const control = new PasswordPolicyControl();
    control.parse(new BerReader(Buffer.from([0x30, 0x05, 0xa0, 0x03, 0x80, 0x01, 0x1e])));
    expect(control.error).toBeUndefined();
  });
});

describe('passwordModifyRequest', () => {
  it('encodes userIdentity [0] and newPasswd [2], UTF-8', () => {
    const bytes = passwordModifyRequest('uid=a,dc=x', 'pé');
    expect(bytes).toEqual(
      Buffer.from([0x30, 0x11, 0x80, 0x0a, ...Buffer.from('uid=a,dc=x'), 0x82, 0x03, 0x70, 0xc3, 0xa9]),
    );
  });
});

describe('unicodePwdValue', () => {
  it('quotes the password and encodes it UTF-16LE', () => {
    expect(unicodePwdValue('Ab1')).toEqual(Buffer.from([0x22, 0, 0x41, 0, 0x62, 0, 0x31, 0, 0x22, 0]));
  });
});
