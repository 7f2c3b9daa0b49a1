import { createHmac } from 'node:crypto';
import type { Account, IdentityBackend } from '../backends/identity-backend';
import type { Config } from '../config/schema';

/**
 * What a visitor typed, reduced to the one name Guichet keys decoys, throttles and audit lines on:
 * Unicode NFKC (so look-alike full-width or ligature forms are the same text), case-folded, trimmed, and the
 * organization's own domain dropped (`jdoe@univ-demo.ma` is `jdoe`). A foreign domain stays part of the name.
 */
export function normalizeIdentifier(typed: string, ownDomains: readonly string[]): string {
  // To a fixpoint: `jdoe@own@own` and `jdoe @own` must not leave a name (`jdoe@own`, `jdoe `) that a directory
  // still matches to jdoe while an unknown name spelled so gets a decoy of its own.
  let name = fold(typed);
  for (;;) {
    const at = name.lastIndexOf('@');
    if (!(at > 0 && ownDomains.includes(name.slice(at + 1)))) return name;
    name = fold(name.slice(0, at));
  }
}

/** The organization's domains (organization.domain and organization.otherDomains), folded like identifiers. */
export function ownDomainsOf(config: Pick<Config, 'organization'>): string[] {
  const { domain, otherDomains } = config.organization;
  return [...new Set([domain, ...otherDomains].map(fold).filter((d) => d.length > 0))];
}

/**
 * NFKC on both sides of the case fold: lowering can produce text that composes differently. Control and format
 * characters (NUL, zero-width, soft hyphen) are dropped: nobody's name holds them, and Samba ends a name at a NUL.
 * Any run of spaces is one space, as LDAP compares names (slapd finds "anne marie" for "anne  marie").
 */
const fold = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/\s/gu, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .toLowerCase()
    .normalize('NFKC')
    .replace(/ {2,}/g, ' ')
    .trim();

/**
 * The spellings a directory is asked for one name: the bare name also as a mail or UPN at each own domain.
 * How many depends only on the name's shape, never on whether an account exists.
 */
export function lookupForms(name: string, ownDomains: readonly string[]): string[] {
  if (name.includes('@')) return [name];
  return [name, ...ownDomains.map((d) => `${name}@${d}`)];
}

/** `form`: the spelling the account answered to, or the name when none did; what a sign-in sends on. */
export type Resolved = { name: string; form: string; account: Account | null };

/**
 * Looks a typed identifier up under every form of its name at once, so a hit and a miss cost the same
 * directory calls; exactly one account across the forms is a match, none or several is no match.
 */
export async function resolveIdentifier(backend: IdentityBackend, config: Pick<Config, 'organization'>, typed: string): Promise<Resolved> {
  const own = ownDomainsOf(config);
  const name = normalizeIdentifier(typed, own);
  if (!name) return { name, form: name, account: null };
  const forms = lookupForms(name, own);
  const found = await Promise.all(forms.map((form) => backend.findUser(form)));
  const byId = new Map<string, Account>();
  found.forEach((account) => account && byId.set(account.id, account));
  if (byId.size !== 1) return { name, form: name, account: null };
  const index = found.findIndex((a) => a !== null);
  return { name, form: forms[index]!, account: found[index]! };
}

/** A keyed digest of a normalized name, for throttle keys and audit lines: counts and correlates, never names. */
export function nameDigest(key: Buffer, purpose: 'decoy' | 'audit' | 'device', name: string): Buffer {
  return createHmac('sha256', key).update(`${purpose}\0${name}`, 'utf8').digest();
}
