import { describe, expect, it } from 'vitest';
import ar from '../../../shared/locales/ar.json';
import en from '../../../shared/locales/en.json';
import fr from '../../../shared/locales/fr.json';
import { codeMessage, messageLanguage, noticeMessage, spokenDigits, type NoticeKind } from './messages';
import { smsLength } from './sms-encoding';

const longName = 'Université Mohammed VI des Sciences et de la Santé';
const sms = (locale: string, organization = 'Université Démo', extra: { code?: string; organizationShort?: string } = {}) =>
  codeMessage({ channel: 'sms', to: '+212612345678', code: extra.code ?? '482913', locale, organization, organizationShort: extra.organizationShort, ttlMinutes: 5 });

describe('codeMessage — SMS', () => {
  it.each([
    ['fr', 'Université Démo : votre code est 482913. Il expire dans 5 min. Ne le communiquez à personne.'],
    ['en', 'Université Démo: your code is 482913. It expires in 5 min. Do not share it with anyone.'],
    ['ar', 'Université Démo: رمزك 482913. صالح 5 د. لا تشاركه.'],
  ])('%s: the localized text, in one SMS part', (locale, text) => {
    const m = sms(locale);
    expect(m).toEqual({ channel: 'sms', to: '+212612345678', locale, text });
    expect(smsLength(m.text).fits).toBe(true);
  });

  it('keeps a long organization name whole in French and English (GSM-7, ≤ 160)', () => {
    for (const locale of ['fr', 'en']) {
      const m = sms(locale, longName, { code: '4829137305' });
      expect(m.text.startsWith(longName)).toBe(true);
      expect(smsLength(m.text)).toMatchObject({ encoding: 'gsm7', fits: true });
    }
  });

  it('shortens a long organization name in Arabic (UCS-2, ≤ 70) to its leading words, keeping the warning', () => {
    const m = sms('ar', longName);
    expect(m.text).toBe('Université Mohammed VI des Sciences: رمزك 482913. صالح 5 د. لا تشاركه.');
    expect(smsLength(m.text)).toEqual({ encoding: 'ucs2', length: 70, limit: 70, fits: true });
  });

  it('prefers the short name, when one is configured, to cutting the full name', () => {
    expect(sms('ar', longName, { organizationShort: 'UM6SS' }).text).toBe('UM6SS: رمزك 482913. صالح 5 د. لا تشاركه.');
    expect(sms('fr', longName, { organizationShort: 'UM6SS' }).text.startsWith(longName)).toBe(true);
  });

  it('drops accents outside GSM-7 rather than halving the room of a French SMS', () => {
    const m = sms('fr', 'Université Ibn Tofaïl – Kénitra');
    expect(m.text).toBe('Université Ibn Tofail - Kénitra : votre code est 482913. Il expire dans 5 min. Ne le communiquez à personne.');
    expect(smsLength(m.text).encoding).toBe('gsm7');
  });

  it('rounds the validity up to whole minutes', () => {
    expect(codeMessage({ channel: 'sms', to: '+212612345678', code: '1', locale: 'en', organization: 'U', ttlMinutes: 1.5 }).text).toContain(
      'expires in 2 min',
    );
  });
});

describe('codeMessage — voice', () => {
  it('spells the code digit by digit, twice', () => {
    const m = codeMessage({ channel: 'voice', to: '+212612345678', code: '482913', locale: 'fr', organization: 'Université Démo', ttlMinutes: 5 });
    expect(m.text).toBe(
      'Bonjour. Ici Université Démo. Votre code de vérification est : 4, 8, 2, 9, 1, 3. Je répète : 4, 8, 2, 9, 1, 3. Au revoir.',
    );
    expect(m.locale).toBe('fr');
    expect(spokenDigits('0071')).toBe('0, 0, 7, 1');
  });

  it('falls back to French for a language without texts, and says so in the message locale', () => {
    expect(messageLanguage('fr-MA')).toBe('fr');
    expect(messageLanguage('AR')).toBe('ar');
    expect(messageLanguage('de')).toBe('fr');
    const m = codeMessage({ channel: 'voice', to: '+212612345678', code: '12', locale: 'de-DE', organization: 'U', ttlMinutes: 5 });
    expect(m.locale).toBe('fr');
    expect(m.text).toContain('Je répète');
  });
});

describe('codeMessage — email', () => {
  const email = (locale: string, organization = 'Université Démo') =>
    codeMessage({ channel: 'email', to: 'n.alaoui@example.test', code: '482913', locale, organization, ttlMinutes: 5 });

  it.each([
    ['fr', 'Université Démo : votre code de vérification', 'ltr'],
    ['en', 'Université Démo: your verification code', 'ltr'],
    ['ar', 'Université Démo: رمز التحقق الخاص بك', 'rtl'],
  ])('%s: subject without the code, code in the text and in bold in a self-contained HTML part', (locale, subject, dir) => {
    const m = email(locale);
    expect(m.channel).toBe('email');
    expect(m.subject).toBe(subject);
    expect(m.subject).not.toContain('482913');
    expect(m.text).toContain('482913');
    expect(m.html).toContain(`<html lang="${locale}" dir="${dir}">`);
    expect(m.html).toContain('dir="ltr">482913</strong>');
    expect(m.html).not.toMatch(/<img|<link|<script|src=|url\(|https?:/i);
  });

  it('escapes the organization name in the HTML part only', () => {
    const m = email('en', 'R&D <b>Lab</b>');
    expect(m.text.endsWith('R&D <b>Lab</b>')).toBe(true);
    expect(m.html).toContain('<p>R&#38;D &#60;b&#62;Lab&#60;/b&#62;</p>');
    expect(m.html).not.toContain('<b>');
  });
});

describe('noticeMessage', () => {
  const notice = (kind: NoticeKind, locale = 'fr', method?: 'phone' | 'email') =>
    noticeMessage({
      kind,
      to: 'n.alaoui@univ-demo.ma',
      locale,
      organization: 'Université Démo',
      account: 'n.alaoui@univ-demo.ma',
      method,
      when: new Date('2025-03-04T10:15:00Z'),
      device: 'KIOSQUE-BU-1',
      helpdesk: '+212 5 22 00 00 00',
      timeZone: 'UTC',
    });

  it('says what changed, when, from which device, and whom to call', () => {
    const m = notice('method-added', 'fr', 'phone');
    expect(m.subject).toBe('Université Démo : modification de votre compte');
    expect(m.text).toBe(
      [
        "Une nouvelle méthode d'authentification (téléphone d'authentification) a été ajoutée à votre compte n.alaoui@univ-demo.ma le 4 mars 2025 à 10:15 depuis le poste KIOSQUE-BU-1.",
        "Si ce n'était pas vous, contactez immédiatement le support informatique : +212 5 22 00 00 00.",
        'Université Démo',
      ].join('\n\n'),
    );
    expect(m.html).toContain('<p>Université Démo</p>');
  });

  it.each([
    ['method-changed', 'en', 'email', 'An authentication method (authentication email) of your account n.alaoui@univ-demo.ma was changed on'],
    ['method-removed', 'en', 'phone', 'An authentication method (authentication phone) was removed from your account'],
    ['password-reset', 'en', undefined, 'The password of your account n.alaoui@univ-demo.ma was reset on March 4, 2025 at 10:15 AM'],
    ['password-reset', 'ar', undefined, 'تمت إعادة تعيين كلمة مرور حسابك n.alaoui@univ-demo.ma بتاريخ 4 مارس 2025'],
  ] as const)('%s in %s', (kind, locale, method, sentence) => {
    const m = notice(kind, locale, method);
    expect(m.text).toContain(sentence);
    expect(m.text).toContain('KIOSQUE-BU-1');
    expect(m.locale).toBe(locale);
  });
});

describe('locale files', () => {
  // i18next would fall back to French silently; a missing Arabic sentence must fail here instead.
  const leaves = (node: unknown, prefix = ''): string[] =>
    node && typeof node === 'object'
      ? Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k))
      : [prefix];
  const messageKeys = (bundle: { message: unknown }) => leaves(bundle.message).sort();

  it('have the same message keys in fr, en and ar', () => {
    expect(messageKeys(en)).toEqual(messageKeys(fr));
    expect(messageKeys(ar)).toEqual(messageKeys(fr));
  });
});
