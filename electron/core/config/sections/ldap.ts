import { z } from 'zod';
import { secretRef } from './secret-ref';
import { whenReadKeysValid } from '../when-read-keys-valid';

const ldapUrl = z
  .string()
  .regex(/^ldaps?:\/\/[^/?#\s]+\/?$/i, 'expected ldaps://host[:port] or ldap://host[:port] (no path)');

export const ldapSection = z
  .strictObject({
    url: z
      .union([ldapUrl, z.array(ldapUrl).min(1)])
      .describe(
        'Directory URL(s): ldaps://host:636, or ldap://host:389 with startTls. Several are tried in order; one that did not answer is tried last for the next 30 seconds.',
      ),
    startTls: z
      .boolean()
      .default(false)
      .describe('Upgrade ldap:// connections with StartTLS. Passwords never cross a cleartext connection: an ldap:// URL without it is refused.'),
    caFile: z.string().optional().describe('PEM file of the CA that signed the directory certificate (default: the system CAs).'),
    connectTimeoutMs: z.number().int().min(100).max(60000).default(5000).describe('Longest wait for a connection, TLS included.'),
    timeoutMs: z.number().int().min(100).max(60000).default(5000).describe('Longest wait for one directory operation.'),
    bindDn: z.string().min(1).describe('Service account DN used for lookups and writes (see the least privileges in the README).'),
    bindPassword: secretRef.describe('Service account password, as secret:NAME.'),
    baseDn: z.string().min(1).describe('Where staff accounts are searched (subtree).'),
    userFilter: z
      .string()
      .default('(|(sAMAccountName={input})(userPrincipalName={input})(mail={input}))')
      .refine((f) => f.includes('{input}'), 'must contain {input}')
      .describe('Search filter; {input} is replaced by the RFC 4515-escaped identifier. OpenLDAP: e.g. (|(uid={input})(mail={input})).'),
    flavor: z
      .enum(['ad', 'openldap'])
      .default('ad')
      .describe('How passwords are reset: AD unicodePwd, or the RFC 3062 Password Modify operation (with the ppolicy control).'),
    attributes: z
      .strictObject({
        username: z.string().default('sAMAccountName').describe('Shown as the account name (OpenLDAP: uid).'),
        displayName: z.string().default('displayName'),
        mail: z.string().default('mail').describe('The primary mailbox, never accepted as an authentication email.'),
        mobile: z.string().default('mobile').describe('The authentication phone; any stored format is read.'),
        alternateEmail: z
          .string()
          .default('otherMailbox')
          .describe('The authentication email. Guichet keeps one value: the first is read, a write replaces every value.'),
        department: z.string().default('department').describe('Shown to the attendant at the desk (OpenLDAP: e.g. departmentNumber or ou).'),
        title: z.string().default('title').describe('Shown to the attendant at the desk.'),
        employeeId: z.string().default('employeeID').describe('Shown to the attendant at the desk (OpenLDAP: employeeNumber).'),
        photo: z.string().default('thumbnailPhoto').describe('JPEG or PNG photo shown to the attendant at the desk (OpenLDAP: jpegPhoto).'),
      })
      .prefault({})
      .describe('Directory attribute that holds each piece of account data.'),
    phoneFormat: z
      .enum(['e164', 'international'])
      .default('international')
      .describe('How phones are written: +212701071074 (e164) or +212 701071074 (international).'),
    requirePasswordChange: z
      .boolean()
      .default(false)
      .describe('AD: set pwdLastSet=0 with the reset, so the user must choose another password at next logon. OpenLDAP: use ppolicy pwdMustChange instead.'),
    unlockOnReset: z
      .boolean()
      .default(true)
      .describe('AD: set lockoutTime=0 with the reset when the account is locked. OpenLDAP: ppolicy clears its own lock on a password change.'),
  })
  .superRefine((_value, ctx) => {
    const urls = typeof ctx.value.url === 'string' ? [ctx.value.url] : ctx.value.url;
    const clear = urls.filter((u) => /^ldap:/i.test(u));
    if (clear.length && !ctx.value.startTls) {
      ctx.issues.push({
        code: 'custom',
        message: `${clear.join(', ')} is cleartext: use ldaps:// or set startTls: true (passwords never cross a cleartext connection)`,
        path: ['url'],
        input: ctx.value.url,
      });
    }
  }, whenReadKeysValid(['url'], ['startTls']))
  .describe('LDAP / Active Directory backend.');

export type LdapSection = z.output<typeof ldapSection>;
