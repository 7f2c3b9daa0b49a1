import { Ber, BerWriter, Control, type BerReader } from 'ldapts';

/**
 * LDAP_SERVER_POLICY_HINTS_OID: asks Active Directory (2012 R2 and later) to apply password history and
 * minimum age to an administrator's reset as it does to a user's own change. Sent non-critical, so a
 * directory that does not know it (older AD, Samba) still performs the reset under its other rules.
 */
export class PolicyHintsControl extends Control {
  static readonly type = '1.2.840.113556.1.4.2239';

  constructor() {
    super(PolicyHintsControl.type, { critical: false });
  }

  protected override writeControl(writer: BerWriter): void {
    // controlValue ::= SEQUENCE { Flags INTEGER } with flag 1: enforce the policy.
    const value = new BerWriter();
    value.startSequence();
    value.writeInt(1);
    value.endSequence();
    writer.writeBuffer(value.buffer, Ber.OctetString);
  }
}

/**
 * The Relax Rules control (draft-zeilenga-ldap-relax): lets a client with "manage" access write operational
 * attributes such as ppolicy's pwdAccountLockedTime and pwdFailureTime. Critical: without it the write must fail.
 */
export class RelaxRulesControl extends Control {
  static readonly type = '1.3.6.1.4.1.4203.666.5.12';

  constructor() {
    super(RelaxRulesControl.type, { critical: true });
  }
}

/** draft-behera-ldap-password-policy error values. */
export const ppolicyErrors = {
  passwordExpired: 0,
  accountLocked: 1,
  changeAfterReset: 2,
  passwordModNotAllowed: 3,
  mustSupplyOldPassword: 4,
  insufficientPasswordQuality: 5,
  passwordTooShort: 6,
  passwordTooYoung: 7,
  passwordInHistory: 8,
  passwordTooLong: 9,
} as const;

/**
 * The password policy control (OpenLDAP ppolicy). Sent empty with a request; ldapts parses the server's
 * response control of the same type into this same instance, so use one instance per request.
 */
export class PasswordPolicyControl extends Control {
  static readonly type = '1.3.6.1.4.1.42.2.27.8.5.1';

  /** The error the server reported, if any. */
  error?: number;

  constructor() {
    super(PasswordPolicyControl.type, { critical: false });
  }

  protected override parseControl(reader: BerReader): void {
    // PasswordPolicyResponseValue ::= SEQUENCE { warning [0] CHOICE {...} OPTIONAL, error [1] ENUMERATED OPTIONAL }
    if (reader.readSequence() === null) return;
    const end = reader.offset + reader.length;
    while (reader.offset < end) {
      const tag = reader.peek();
      if (tag === 0x81) {
        this.error = reader.readTag(0x81) ?? undefined;
      } else if (tag === null) {
        return;
      } else {
        reader.readString(tag, true);
      }
    }
  }
}

export const passwordModifyOid = '1.3.6.1.4.1.4203.1.11.1';

/**
 * RFC 3062 PasswdModifyRequestValue: SEQUENCE { userIdentity [0], oldPasswd [1] OPTIONAL, newPasswd [2] }, each an
 * OCTET STRING. Without an old password the service account resets it on the user's behalf; with it, it is the
 * user's own change.
 */
export function passwordModifyRequest(userDn: string, newPassword: string, oldPassword?: string): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeBuffer(Buffer.from(userDn, 'utf8'), 0x80);
  if (oldPassword !== undefined) writer.writeBuffer(Buffer.from(oldPassword, 'utf8'), 0x81);
  writer.writeBuffer(Buffer.from(newPassword, 'utf8'), 0x82);
  writer.endSequence();
  return writer.buffer;
}

/** AD takes a new password as the UTF-16LE bytes of the password in double quotes. */
export function unicodePwdValue(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}
