import { bannedPasswords } from './banned-passwords';
import type { PolicyReason } from './errors';
import type { PasswordContext } from './steps';

// One engine for both sides: the renderer runs it on every keystroke to tick the rules off, the main side runs it
// again before anything reaches the directory. It must stay cheap (well under a millisecond) and pure.

export type { PasswordContext };

export type RuleId = 'length' | 'lower' | 'upper' | 'digit' | 'symbol' | 'categories' | 'no-username' | 'not-banned';
export type RuleState = { id: RuleId; met: boolean };
export type PasswordCheck = { ok: boolean; reasons: PolicyReason[]; rules: RuleState[] };

/**
 * entra: Microsoft Entra ID's published policy (8–256 characters, 3 of 4 categories).
 * nist: NIST SP 800-63B-4 (at least 15 characters for a password used alone, no composition rules).
 */
export const passwordPresets = {
  entra: { min: 8, max: 256, categories: 3 },
  nist: { min: 15, max: 256, categories: 0 },
} as const satisfies Record<PasswordContext['preset'], { min: number; max: number; categories: number }>;

/** Shorter banned words must match exactly; one typo away from a longer one is still that word. */
const FUZZY_MIN = 5;
/** Shorter organization terms and name parts would forbid too many unrelated passwords. */
const TERM_MIN = 4;
const NAME_PART_MIN = 4;
const USERNAME_MIN = 3;

const SUBSTITUTE_L: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', $: 's', '@': 'a', '!': 'i' };
const SUBSTITUTE_I: Record<string, string> = { ...SUBSTITUTE_L, '1': 'i' };
const SUBSTITUTABLE = /[013457$@!]/g;

/** Lowercase, without accents, and with compatibility forms (full-width letters…) folded to plain ones. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function substitute(text: string, table: Record<string, string>): string {
  return text.replace(SUBSTITUTABLE, (c) => table[c] ?? c);
}

/** Drops what people add around a word to pass composition rules: "!Soleil2024#" → "Soleil". */
function strip(text: string): string {
  return text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
}

/** The spellings of one password that are compared with banned words and terms. */
function spellings(password: string): string[] {
  const base = fold(password).replace(/\s+/g, '');
  const stripped = strip(base);
  // Words that carry digits of their own ("123qwe") only lose the digits added after them.
  const trimmed = base.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  const forms = new Set([base, stripped, trimmed, trimmed.replace(/\d+$/, ''), trimmed.replace(/^\d+/, '')]);
  for (const table of [SUBSTITUTE_L, SUBSTITUTE_I]) {
    const substituted = substitute(base, table);
    forms.add(substituted);
    forms.add(strip(substituted));
    forms.add(substitute(stripped, table));
  }
  forms.delete('');
  return [...forms];
}

/** Whether two strings are at most one insertion, deletion or substitution apart. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < short.length && j < long.length) {
    if (short[i] === long[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (short.length === long.length) i++;
    j++;
  }
  return edits + (long.length - j) + (short.length - i) <= 1;
}

const bannedExact = new Set(bannedPasswords.map(fold));
/** Banned words long enough for fuzzy matching, by length, so a spelling is only compared with words of ±1 length. */
const bannedByLength = new Map<number, string[]>();
for (const word of bannedExact) {
  if (word.length < FUZZY_MIN) continue;
  const bucket = bannedByLength.get(word.length) ?? [];
  bucket.push(word);
  bannedByLength.set(word.length, bucket);
}

/** "azertyazerty", "abcabcab", "aaaaaaaa": a unit repeated at least twice (NIST lists repetitive passwords as blocked). */
function isRepetitive(form: string): boolean {
  if (form.length < 4) return false;
  // Knuth–Morris–Pratt failure function: the shortest period is the length minus the longest proper border.
  const border = new Array<number>(form.length).fill(0);
  for (let i = 1, k = 0; i < form.length; i++) {
    while (k > 0 && form[i] !== form[k]) k = border[k - 1];
    if (form[i] === form[k]) k++;
    border[i] = k;
  }
  const period = form.length - border[form.length - 1];
  return period * 2 <= form.length;
}

function isCommonPassword(forms: string[]): boolean {
  for (const form of forms) {
    if (bannedExact.has(form) || isRepetitive(form)) return true;
    for (let length = form.length - 1; length <= form.length + 1; length++) {
      for (const word of bannedByLength.get(length) ?? []) {
        if (withinOneEdit(form, word)) return true;
      }
    }
  }
  return false;
}

/** An organization term, whole and word by word ("Université Hassan II" → "universitehassanii", "universite", "hassan"). */
function termForms(terms: string[]): string[] {
  const forms = new Set<string>();
  for (const term of terms) {
    const folded = fold(term);
    const words = [folded.replace(/\s+/g, ''), ...folded.split(/[^\p{L}\p{N}]+/u)];
    for (const word of words) {
      if (word.length < TERM_MIN) continue;
      forms.add(word);
      forms.add(substitute(word, SUBSTITUTE_L));
      forms.add(substitute(word, SUBSTITUTE_I));
    }
  }
  return [...forms];
}

function containsTerm(forms: string[], terms: string[]): boolean {
  if (terms.length === 0) return false;
  for (const term of termForms(terms)) {
    for (const form of forms) {
      if (form.includes(term)) return true;
      if (term.length >= FUZZY_MIN && withinOneEdit(form, term)) return true;
    }
  }
  return false;
}

/** The password as written and with look-alike characters read back as letters ("S@lma" is "salma"). */
function readings(password: string): string[] {
  const folded = fold(password);
  return [...new Set([folded, substitute(folded, SUBSTITUTE_L), substitute(folded, SUBSTITUTE_I)])];
}

/** "DOMAIN\salma.b" and "salma.b@um6ss.ma" both give "salma.b". */
function usernameCore(username: string): string {
  const folded = fold(username).trim();
  const withoutDomain = folded.slice(folded.lastIndexOf('\\') + 1);
  const at = withoutDomain.indexOf('@');
  return at >= 0 ? withoutDomain.slice(0, at) : withoutDomain;
}

/** Active Directory splits display names on these and ignores short parts; Entra does the same for cloud accounts. */
function nameParts(displayName: string): string[] {
  return fold(displayName)
    .split(/[\s,.\-_#'’]+/u)
    .filter((part) => Array.from(part).length >= NAME_PART_MIN);
}

export function checkPassword(password: string, context: PasswordContext): PasswordCheck {
  const preset = passwordPresets[context.preset] ?? passwordPresets.entra;
  const length = Array.from(password).length;
  const reasons: PolicyReason[] = [];

  const lengthMet = length >= preset.min && length <= preset.max;
  if (length < preset.min) reasons.push('too-short');
  if (length > preset.max) reasons.push('too-long');

  const categories: RuleState[] = [
    { id: 'lower', met: /\p{Ll}/u.test(password) },
    { id: 'upper', met: /\p{Lu}/u.test(password) },
    { id: 'digit', met: /\p{Nd}/u.test(password) },
    { id: 'symbol', met: /[^\p{L}\p{N}\p{M}]/u.test(password) },
  ];
  const categoriesMet = categories.filter((c) => c.met).length >= preset.categories;
  if (!categoriesMet) reasons.push('categories');

  const read = readings(password);
  const core = usernameCore(context.username);
  const containsUsername = core.length >= USERNAME_MIN && read.some((r) => r.includes(core));
  const parts = nameParts(context.displayName);
  const containsName = parts.some((part) => read.some((r) => r.includes(part)));
  if (containsUsername) reasons.push('contains-username');
  if (containsName) reasons.push('contains-name');

  const forms = spellings(password);
  const banned = isCommonPassword(forms) || containsTerm(forms, context.bannedTerms);
  if (banned) reasons.push('banned');

  const rules: RuleState[] = [{ id: 'length', met: lengthMet }];
  if (preset.categories > 0) rules.push(...categories, { id: 'categories', met: categoriesMet });
  rules.push({ id: 'no-username', met: !containsUsername && !containsName }, { id: 'not-banned', met: !banned });

  return { ok: reasons.length === 0, reasons, rules };
}
