import { describe, expect, it } from 'vitest';
import { layoutOf, padOf, scriptsOf, startScript, symbolNames, typed, type Key, type Layout, type Page } from './layouts';

const letters = (script: 'latin' | 'arabic' = 'latin'): Page => ({ pad: 'letters', script, symbols: false });
const symbols = (script: 'latin' | 'arabic' = 'latin'): Page => ({ pad: 'letters', script, symbols: true });
const chars = (row: Key[]) => row.map((k) => (k.kind === 'char' ? k.text : `<${k.kind}>`)).join(' ');
const allKeys = (layout: Layout) => layout.rows.flat();
const typable = (layout: Layout) =>
  new Set(allKeys(layout).flatMap((k) => (k.kind === 'char' ? [typed(k, false), typed(k, true)] : k.kind === 'space' ? [' '] : [])));

describe('layouts', () => {
  it('French: AZERTY with digits, Shift, Backspace, "@", space, "." and the hide key', () => {
    const { id, rows } = layoutOf('fr', letters());
    expect(id).toBe('azerty');
    expect(rows.map(chars)).toEqual([
      '1 2 3 4 5 6 7 8 9 0',
      'a z e r t y u i o p',
      'q s d f g h j k l m',
      '<shift> w x c v b n - _ <backspace>',
      '<symbols> @ <space> . <hide>',
    ]);
  });

  it('English: QWERTY', () => {
    const { id, rows } = layoutOf('en', letters());
    expect(id).toBe('qwerty');
    expect(rows.slice(1, 4).map(chars)).toEqual(['q w e r t y u i o p', 'a s d f g h j k l', '<shift> z x c v b n m - _ <backspace>']);
    expect(chars(rows.at(-1)!)).toBe('<symbols> @ <space> . <hide>');
  });

  it('Arabic: the Arabic (101) layout with a key to Latin letters (AZERTY, as in Morocco), and back', () => {
    const arabic = layoutOf('ar', letters('arabic'));
    expect(arabic.id).toBe('arabic');
    expect(arabic.rows.slice(1, 4).map(chars)).toEqual([
      'ض ص ث ق ف غ ع ه خ ح ج د',
      'ش س ي ب ل ا ت ن م ك ط ذ',
      '<shift> ئ ء ؤ ر لا ى ة و ز ظ <backspace>',
    ]);
    expect(arabic.rows.at(-1)).toContainEqual({ kind: 'script', to: 'latin' });
    const latin = layoutOf('ar', letters('latin'));
    expect(latin.id).toBe('azerty');
    expect(latin.rows.at(-1)).toContainEqual({ kind: 'script', to: 'arabic' });
    // French and English offer one script only.
    expect(allKeys(layoutOf('fr', letters())).some((k) => k.kind === 'script')).toBe(false);
    expect(layoutOf('fr', letters('arabic')).id).toBe('azerty');
  });

  it('Shift gives upper case, and the hamza forms of alef in Arabic', () => {
    expect(typed({ kind: 'char', text: 'b' }, true)).toBe('B');
    expect(typed({ kind: 'char', text: 'é' }, true)).toBe('É');
    const arabic = typable(layoutOf('ar', letters('arabic')));
    for (const form of ['أ', 'إ', 'آ', 'لأ', 'لإ', 'لآ']) expect(arabic.has(form), form).toBe(true);
  });

  it('pads: digits for codes; digits and "+" for phone numbers; both with Backspace and the hide key', () => {
    const numeric = layoutOf('fr', { pad: 'numeric', script: 'latin', symbols: false });
    expect(numeric.rows.map(chars)).toEqual(['1 2 3', '4 5 6', '7 8 9', '<gap> 0 <backspace>', '<hide>']);
    const tel = layoutOf('ar', { pad: 'tel', script: 'arabic', symbols: false });
    expect(tel.rows.map(chars)).toEqual(['1 2 3', '4 5 6', '7 8 9', '+ 0 <backspace>', '<hide>']);
  });

  it('a symbols page with a way back to the letters of the same script', () => {
    expect(layoutOf('ar', symbols('arabic')).rows.at(-1)![0]).toEqual({ kind: 'letters', script: 'arabic' });
    expect(layoutOf('ar', symbols('latin')).rows.at(-1)![0]).toEqual({ kind: 'letters', script: 'latin' });
    expect(typable(layoutOf('fr', symbols()))).toContain('é');
    expect(typable(layoutOf('ar', symbols('arabic')))).toContain('؟');
  });

  // Entra ID's password characters: A–Z, a–z, 0–9, these symbols and space.
  const entra = [
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
    ...'@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<> ',
  ];
  for (const locale of ['fr', 'en', 'ar']) {
    it(`${locale}: every character of an Entra ID password and of an email address can be typed`, () => {
      const reachable = new Set([...typable(layoutOf(locale, letters('latin'))), ...typable(layoutOf(locale, symbols('latin')))]);
      expect(entra.filter((c) => !reachable.has(c))).toEqual([]);
    });
  }

  it('every symbol key has a spoken name', () => {
    for (const locale of ['fr', 'en', 'ar']) {
      for (const script of scriptsOf(locale)) {
        for (const page of [letters(script), symbols(script), { pad: 'tel', script, symbols: false } as const]) {
          for (const key of allKeys(layoutOf(locale, page))) {
            if (key.kind !== 'char') continue;
            for (const shown of [typed(key, false), typed(key, true)]) {
              if (!/[\p{L}\p{N}]/u.test(shown)) expect(symbolNames, `${locale} ${shown}`).toHaveProperty([shown]);
            }
          }
        }
      }
    }
  });
});

describe('choosing a layout for a field', () => {
  it.each([
    [{ type: 'text', inputMode: 'numeric' }, 'numeric'],
    [{ type: 'text', inputMode: 'decimal' }, 'numeric'],
    [{ type: 'number', inputMode: '' }, 'numeric'],
    [{ type: 'tel', inputMode: 'tel' }, 'tel'],
    [{ type: 'tel', inputMode: '' }, 'tel'],
    [{ type: 'text', inputMode: 'tel' }, 'tel'],
    [{ type: 'email', inputMode: 'email' }, 'letters'],
    [{ type: 'password', inputMode: '' }, 'letters'],
    [{ type: 'text', inputMode: '' }, 'letters'],
  ])('%o → %s', (field, pad) => {
    expect(padOf(field)).toBe(pad);
  });

  it.each([
    ['ar', { type: 'text', dir: '' }, 'arabic'],
    ['ar', { type: 'text', dir: 'ltr' }, 'latin'],
    ['ar', { type: 'email', dir: '' }, 'latin'],
    ['ar', { type: 'password', dir: '' }, 'latin'],
    ['fr', { type: 'text', dir: '' }, 'latin'],
    ['en-GB', { type: 'text', dir: 'rtl' }, 'latin'],
  ])('%s %o starts in %s letters', (locale, field, script) => {
    expect(startScript(locale, field)).toBe(script);
  });
});
