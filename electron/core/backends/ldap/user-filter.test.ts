import { EqualityFilter, FilterParser, OrFilter } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { buildUserFilter, checkUserFilter } from './user-filter';

const template = '(|(uid={input})(mail={input}))';

describe('buildUserFilter', () => {
  it('keeps plain identifiers as they are', () => {
    expect(buildUserFilter(template, 'alice@univ.test')).toBe('(|(uid=alice@univ.test)(mail=alice@univ.test))');
  });

  it.each(['*)(uid=*', '*', 'alice)(|(uid=*', 'a\\29', '\u0000', 'x)(objectClass=*'])(
    'turns the injection attempt %j into one literal equality per attribute',
    (input) => {
      const parsed = FilterParser.parseString(buildUserFilter(template, input));
      expect(parsed).toBeInstanceOf(OrFilter);
      const parts = (parsed as OrFilter).filters;
      expect(parts).toHaveLength(2);
      for (const part of parts) {
        expect(part).toBeInstanceOf(EqualityFilter);
        expect((part as EqualityFilter).value).toBe(input);
      }
    },
  );

  it('does not read $ sequences in the input as replacement patterns', () => {
    expect(buildUserFilter('(uid={input})', "$&$'$`")).toBe("(uid=$&$'$`)");
  });
});

describe('checkUserFilter', () => {
  it('accepts the default AD filter', () => {
    expect(() => checkUserFilter('(|(sAMAccountName={input})(userPrincipalName={input})(mail={input}))')).not.toThrow();
  });

  it('names the config key when the filter is broken or has no placeholder', () => {
    expect(() => checkUserFilter('(uid={input}')).toThrow(/backend\.ldap\.userFilter/);
    expect(() => checkUserFilter('(uid=alice)')).toThrow(/backend\.ldap\.userFilter must contain \{input\}/);
  });
});
