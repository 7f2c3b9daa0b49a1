/**
 * The on-screen keyboard's layouts. Rows list keys from left to right as they sit on a printed keyboard of that
 * kind (ض top left on an Arabic one), so the function keys never move when the visitor switches script.
 */

/** Symbols whose key caps a screen reader might read poorly or not at all: each has a spoken name. */
export const symbolNames = {
  '!': 'exclamation',
  '#': 'hash',
  $: 'dollar',
  '%': 'percent',
  '^': 'caret',
  '&': 'ampersand',
  '*': 'asterisk',
  '(': 'parenLeft',
  ')': 'parenRight',
  '-': 'hyphen',
  _: 'underscore',
  '=': 'equals',
  '+': 'plus',
  '[': 'bracketLeft',
  ']': 'bracketRight',
  '{': 'braceLeft',
  '}': 'braceRight',
  '|': 'pipe',
  '\\': 'backslash',
  '~': 'tilde',
  ':': 'colon',
  ';': 'semicolon',
  "'": 'apostrophe',
  '"': 'quote',
  ',': 'comma',
  '<': 'less',
  '>': 'greater',
  '/': 'slash',
  '?': 'question',
  '`': 'backtick',
  '@': 'at',
  '.': 'period',
  '،': 'arabicComma',
  '؛': 'arabicSemicolon',
  '؟': 'arabicQuestion',
} as const;

export type SymbolName = (typeof symbolNames)[keyof typeof symbolNames];

export type Script = 'latin' | 'arabic';

export type Key =
  /** Types `text`, or `shifted` (default: its upper case) while Shift is on. */
  | { kind: 'char'; text: string; shifted?: string }
  | { kind: 'backspace' }
  | { kind: 'shift' }
  | { kind: 'space' }
  | { kind: 'hide' }
  | { kind: 'symbols' }
  | { kind: 'letters'; script: Script }
  | { kind: 'script'; to: Script }
  /** An empty cell that keeps the keys of a pad in their columns. */
  | { kind: 'gap' };

export type LayoutId = 'azerty' | 'qwerty' | 'arabic' | 'symbols' | 'numeric' | 'tel';

export type Layout = { id: LayoutId; rows: Key[][] };

/** What a field asks for: letters, or a pad of digits (with "+" for phone numbers). */
export type Pad = 'letters' | 'numeric' | 'tel';

/** Which page of keys is shown: the letters of a script, or the symbols. */
export type Page = { pad: Pad; script: Script; symbols: boolean };

const chars = (text: string): Key[] => [...text].map((c) => ({ kind: 'char', text: c }));
const char = (text: string, shifted?: string): Key => (shifted ? { kind: 'char', text, shifted } : { kind: 'char', text });

const digits = chars('1234567890');
const backspace: Key = { kind: 'backspace' };
const shift: Key = { kind: 'shift' };

/** The last row of every letters page: identifiers and addresses need "@" and "." at hand. */
const bottomRow = (first: Key, scriptSwitch: Key | undefined): Key[] =>
  [first, scriptSwitch, char('@'), { kind: 'space' }, char('.'), { kind: 'hide' }].filter((k): k is Key => k !== undefined);

const latinRows: Record<'azerty' | 'qwerty', Key[][]> = {
  azerty: [digits, chars('azertyuiop'), chars('qsdfghjklm'), [shift, ...chars('wxcvbn-_'), backspace]],
  qwerty: [digits, chars('qwertyuiop'), chars('asdfghjkl'), [shift, ...chars('zxcvbnm-_'), backspace]],
};

// The Arabic (101) layout; Shift gives the hamza forms of alef, as on a printed keyboard.
const arabicRows: Key[][] = [
  digits,
  [...chars('ضصثق'), char('ف', 'لإ'), char('غ', 'إ'), ...chars('عهخحجد')],
  [...chars('شسيب'), char('ل', 'لأ'), char('ا', 'أ'), ...chars('تنمكطذ')],
  [shift, ...chars('ئءؤر'), char('لا', 'لآ'), char('ى', 'آ'), ...chars('ةوزظ'), backspace],
];

/** Every character an Entra ID password may hold besides letters, digits, "@", "." and space (on every letters page). */
const symbolRows = (extra: string): Key[][] =>
  [chars('!#$%^&*()-'), chars('_=+[]{}|\\~'), [...chars(':;\'",<>/?`'), backspace], extra ? chars(extra) : []].filter((row) => row.length > 0);

/** Letters a French visitor types that AZERTY keeps on its digit row; Arabic punctuation for Arabic. */
const symbolExtras: Record<string, string> = { fr: 'éèêàçùâôîë', ar: '،؛؟' };

const pads: Record<'numeric' | 'tel', Layout> = {
  numeric: { id: 'numeric', rows: [chars('123'), chars('456'), chars('789'), [{ kind: 'gap' }, char('0'), backspace], [{ kind: 'hide' }]] },
  tel: { id: 'tel', rows: [chars('123'), chars('456'), chars('789'), [char('+'), char('0'), backspace], [{ kind: 'hide' }]] },
};

const language = (locale: string) => locale.split('-')[0]!.toLowerCase();

/** The Latin letters of a language: AZERTY in French, and in Arabic as on Moroccan keyboards; QWERTY otherwise. */
const latinLayoutOf = (locale: string): 'azerty' | 'qwerty' => (['fr', 'ar'].includes(language(locale)) ? 'azerty' : 'qwerty');

/** Only Arabic offers a second script. */
export const scriptsOf = (locale: string): Script[] => (language(locale) === 'ar' ? ['arabic', 'latin'] : ['latin']);

export function layoutOf(locale: string, page: Page): Layout {
  if (page.pad !== 'letters') return pads[page.pad];
  const scripts = scriptsOf(locale);
  const script = scripts.includes(page.script) ? page.script : 'latin';
  const other = scripts.find((s) => s !== script);
  if (page.symbols) {
    return { id: 'symbols', rows: [...symbolRows(symbolExtras[language(locale)] ?? ''), bottomRow({ kind: 'letters', script }, undefined)] };
  }
  const bottom = bottomRow({ kind: 'symbols' }, other ? { kind: 'script', to: other } : undefined);
  if (script === 'arabic') return { id: 'arabic', rows: [...arabicRows, bottom] };
  const id = latinLayoutOf(locale);
  return { id, rows: [...latinRows[id], bottom] };
}

/** What a field needs, from what it declares: `inputmode` first, then its type. */
export function padOf(field: { type: string; inputMode: string }): Pad {
  if (field.inputMode === 'numeric' || field.inputMode === 'decimal' || (field.inputMode === '' && field.type === 'number')) return 'numeric';
  if (field.inputMode === 'tel' || (field.inputMode === '' && field.type === 'tel')) return 'tel';
  return 'letters';
}

/**
 * The script a field starts with: identifiers, addresses and passwords are Latin (such fields say so with
 * `dir="ltr"` or their type), anything else starts in the visitor's language.
 */
export function startScript(locale: string, field: { type: string; dir: string }): Script {
  const latinOnly = field.dir === 'ltr' || ['email', 'password', 'url'].includes(field.type);
  return latinOnly ? 'latin' : scriptsOf(locale)[0]!;
}

/** What a character key types, with Shift on or off. */
export const typed = (key: Extract<Key, { kind: 'char' }>, shifted: boolean): string =>
  shifted ? (key.shifted ?? key.text.toUpperCase()) : key.text;

/** Key caps of the keys that show a script's letters: its first letters, as phone keyboards do. */
export const scriptCaps: Record<Script, string> = { latin: 'abc', arabic: 'أبت' };
