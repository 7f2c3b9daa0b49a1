import { Filter, FilterParser } from 'ldapts';

const placeholder = /\{input\}/g;

/**
 * Fills the configured search filter with what a visitor typed, escaped per RFC 4515 so that `*`, `(`, `)`,
 * `\` and NUL are matched literally: `*)(uid=*` finds an account literally named so, never every account.
 */
export function buildUserFilter(template: string, input: string): string {
  const escaped = Filter.escape(input);
  // A replacer function, so "$&" and friends in the input are not read as replacement patterns.
  return template.replace(placeholder, () => escaped);
}

/** Throws, naming the config key, when the template is not a filter ldapts can send. */
export function checkUserFilter(template: string): void {
  if (!template.includes('{input}')) {
    throw new Error('backend.ldap.userFilter must contain {input}');
  }
  try {
    FilterParser.parseString(buildUserFilter(template, 'probe'));
  } catch (err) {
    throw new Error(`backend.ldap.userFilter is not a valid LDAP filter: ${(err as Error).message}`, { cause: err });
  }
}
