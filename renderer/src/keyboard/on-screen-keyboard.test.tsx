import { allResources } from '../../../test/support/renderer/all-locales';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/i18n';
import { layoutOf, type Page } from './layouts';
import { KeyboardPanel } from './on-screen-keyboard';

const letters = (script: 'latin' | 'arabic' = 'latin'): Page => ({ pad: 'letters', script, symbols: false });

const render = (locale: string, page: Page, shift = false) => {
  const missing: string[] = [];
  const i18n = createI18n(locale, { resources: allResources, onMissing: (language, key) => missing.push(`${language}:${key}`) });
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <KeyboardPanel layout={layoutOf(locale, page)} shift={shift} onKey={() => {}} />
    </I18nextProvider>,
  );
  const buttons = [...html.matchAll(/<button ([^>]*)>([^<]*)<\/button>/g)].map(([, attributes, cap]) => ({
    cap: cap!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
    label: /aria-label="([^"]*)"/.exec(attributes!)?.[1]?.replace(/&#x27;/g, "'"),
    attributes: attributes!,
  }));
  return { html, buttons, missing };
};

describe('KeyboardPanel', () => {
  it('is a named region laid out left to right, in every language', () => {
    expect(render('fr', letters()).html).toMatch(/^<section class="osk osk-azerty" data-layout="azerty" aria-label="Clavier virtuel" dir="ltr">/);
    expect(render('en', letters()).html).toMatch(/^<section class="osk osk-qwerty" data-layout="qwerty" aria-label="On-screen keyboard" dir="ltr">/);
    expect(render('ar', letters('arabic')).html).toMatch(/^<section class="osk osk-arabic" data-layout="arabic" aria-label="لوحة المفاتيح على الشاشة" dir="ltr">/);
  });

  it('keys are buttons out of the tab order', () => {
    const { buttons } = render('fr', letters());
    expect(buttons.length).toBeGreaterThan(40);
    for (const b of buttons) expect(b.attributes).toMatch(/^type="button" class="osk-key osk-(char|function|space)( osk-wide)?" tabindex="-1"/);
  });

  it('letters and digits are named by themselves; symbols and icons by a spoken name', () => {
    const { buttons, missing } = render('fr', letters());
    expect(missing).toEqual([]);
    const named = (cap: string) => buttons.find((b) => b.cap === cap)?.label;
    expect(named('a')).toBeUndefined();
    expect(named('7')).toBeUndefined();
    expect(named('@')).toBe('arobase');
    expect(named('.')).toBe('point');
    expect(named('-')).toBe("trait d'union");
    expect(named('⌫')).toBe('Effacer');
    expect(named('⇧')).toBe('Majuscule');
    expect(named('Espace')).toBeUndefined();
    expect(named('Masquer')).toBe('Masquer le clavier');
    expect(named('!?#')).toBe('Symboles');
  });

  it('Shift shows capitals and says it is pressed', () => {
    const off = render('en', letters());
    expect(off.buttons.find((b) => b.cap === '⇧')!.attributes).toContain('aria-pressed="false"');
    const on = render('en', letters(), true);
    expect(on.buttons.find((b) => b.cap === '⇧')!.attributes).toContain('aria-pressed="true"');
    expect(on.buttons.slice(10, 20).map((b) => b.cap).join('')).toBe('QWERTYUIOP');
  });

  it('Arabic: a key to Latin letters, and from there back to Arabic', () => {
    const arabic = render('ar', letters('arabic'));
    expect(arabic.missing).toEqual([]);
    expect(arabic.buttons.find((b) => b.cap === 'abc')?.label).toBe('أحرف لاتينية');
    const latin = render('ar', letters('latin'));
    expect(latin.buttons.find((b) => b.cap === 'أبت')?.label).toBe('أحرف عربية');
    expect(latin.buttons.find((b) => b.cap === '@')?.label).toBe('علامة آت');
  });

  it('the symbols page names every symbol, in every language', () => {
    for (const locale of ['fr', 'en', 'ar']) {
      const { buttons, missing } = render(locale, { pad: 'letters', script: 'latin', symbols: true });
      expect(missing).toEqual([]);
      for (const b of buttons.filter((b) => !/[\p{L}\p{N}]/u.test(b.cap))) expect(b.label, `${locale} ${b.cap}`).toMatch(/\p{L}/u);
    }
  });

  it('the phone pad: digits, "+" named "plus", Backspace and the hide key', () => {
    const { buttons } = render('en', { pad: 'tel', script: 'latin', symbols: false });
    expect(buttons.map((b) => b.label ?? b.cap)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'plus', '0', 'Backspace', 'Hide keyboard']);
  });
});
