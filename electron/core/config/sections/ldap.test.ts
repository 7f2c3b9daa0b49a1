import { describe, expect, it } from 'vitest';
import { ldapSection } from './ldap';

const base = { bindDn: 'CN=svc,DC=univ,DC=test', bindPassword: 'secret:LDAP_BIND', baseDn: 'DC=univ,DC=test' };

describe('ldapSection', () => {
  it('fills AD defaults', () => {
    const parsed = ldapSection.parse({ ...base, url: 'ldaps://dc1.univ.test' });
    expect(parsed.flavor).toBe('ad');
    expect(parsed.attributes).toEqual({
      username: 'sAMAccountName',
      displayName: 'displayName',
      mail: 'mail',
      mobile: 'mobile',
      alternateEmail: 'otherMailbox',
      department: 'department',
      title: 'title',
      employeeId: 'employeeID',
      photo: 'thumbnailPhoto',
    });
    expect(parsed.phoneFormat).toBe('international');
    expect(parsed.unlockOnReset).toBe(true);
  });

  it('refuses a cleartext URL without StartTLS, at url', () => {
    const result = ldapSection.safeParse({ ...base, url: ['ldaps://dc1.univ.test', 'ldap://dc2.univ.test'] });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(['url']);
    expect(issue?.message).toContain('ldap://dc2.univ.test is cleartext');
  });

  it('accepts ldap:// with StartTLS', () => {
    expect(ldapSection.safeParse({ ...base, url: 'ldap://127.0.0.1:3890', startTls: true }).success).toBe(true);
  });

  it('refuses other schemes, paths and a filter without {input}', () => {
    expect(ldapSection.safeParse({ ...base, url: 'https://dc1.univ.test' }).success).toBe(false);
    expect(ldapSection.safeParse({ ...base, url: 'ldaps://dc1.univ.test/dc=univ' }).success).toBe(false);
    expect(ldapSection.safeParse({ ...base, url: 'ldaps://dc1', userFilter: '(uid=alice)' }).success).toBe(false);
  });

  it('takes the bind password only as a secret reference', () => {
    expect(ldapSection.safeParse({ ...base, url: 'ldaps://dc1', bindPassword: 'hunter2' }).success).toBe(false);
  });
});
