import { createInstance, type TFunction } from 'i18next';
import ar from '../../../shared/locales/ar.json';
import en from '../../../shared/locales/en.json';
import fr from '../../../shared/locales/fr.json';
import type { Channel, MethodKind } from '../../../shared/steps';
import type { Message } from './channel';
import { smsText } from './sms-encoding';

export const languages = ['fr', 'en', 'ar'] as const;
export type Language = (typeof languages)[number];
const rtl: ReadonlySet<Language> = new Set(['ar']);

// Its own instance: the renderer's i18next state and the visitor's current language never leak into a message.
const i18n = createInstance({
  resources: { fr: { translation: fr }, en: { translation: en }, ar: { translation: ar } },
  fallbackLng: 'fr',
  supportedLngs: [...languages],
  // Message text is plain; HTML is escaped below, once, where it is built.
  interpolation: { escapeValue: false },
  initAsync: false,
});
void i18n.init();

/** The main side's texts in one language (messages, the audit report), whatever language a visitor has chosen. */
export function textsIn(language: Language): TFunction {
  return i18n.getFixedT(language);
}

export function directionOf(language: Language): 'rtl' | 'ltr' {
  return rtl.has(language) ? 'rtl' : 'ltr';
}

/** "fr-MA" → "fr"; a language without texts falls back to French, the organization's default. */
export function messageLanguage(locale: string): Language {
  const base = locale.toLowerCase().split(/[-_]/)[0];
  return (languages as readonly string[]).includes(base ?? '') ? (base as Language) : 'fr';
}

export type CodeMessageInput = {
  channel: Channel;
  to: string;
  code: string;
  locale: string;
  organization: string;
  /** Name used in an SMS when the full name does not fit in one part (e.g. "UM6SS"). */
  organizationShort?: string;
  ttlMinutes: number;
};

export function codeMessage(input: CodeMessageInput): Message {
  const locale = messageLanguage(input.locale);
  const t = i18n.getFixedT(locale);
  const minutes = Math.max(1, Math.ceil(input.ttlMinutes));
  switch (input.channel) {
    case 'sms':
      return { channel: 'sms', to: input.to, locale, text: smsCodeText(t, input, minutes) };
    case 'voice':
      return {
        channel: 'voice',
        to: input.to,
        locale,
        text: t('message.voice.code', { org: input.organization, digits: spokenDigits(input.code) }),
      };
    case 'email': {
      const subject = t('message.email.codeSubject', { org: input.organization });
      const body = (code: string) => t('message.email.codeBody', { org: input.organization, code, minutes });
      return {
        channel: 'email',
        to: input.to,
        locale,
        subject,
        text: body(input.code),
        html: htmlDocument(locale, subject, paragraphs(body(codeMark)), input.code),
      };
    }
  }
}

/** "123456" → "1, 2, 3, 4, 5, 6": text-to-speech then reads single digits with a pause, not "one hundred twenty-three…". */
export function spokenDigits(code: string): string {
  return [...code].join(', ');
}

/**
 * One SMS part whenever possible: the full name, then the short name, then the leading words of the name — the start
 * of an organization's name identifies it best ("Université Mohammed VI des Sciences…"). The warning not to share the
 * code is never cut. If nothing fits, the shortest attempt goes out as a multi-part SMS rather than not at all.
 */
function smsCodeText(t: TFunction, input: CodeMessageInput, minutes: number): string {
  const render = (org: string) => smsText(t('message.sms.code', { org, code: input.code, minutes }));
  const names = [input.organization, input.organizationShort].filter((n): n is string => Boolean(n?.trim()));
  let last = render(names[0] ?? '');
  for (const name of names) {
    last = render(name);
    if (last.fits) return last.text;
  }
  const words = (names.at(-1) ?? '').trim().split(/\s+/);
  for (let n = words.length - 1; n >= 1; n--) {
    last = render(words.slice(0, n).join(' '));
    if (last.fits) return last.text;
  }
  return last.text;
}

export type NoticeKind = 'method-added' | 'method-changed' | 'method-removed' | 'password-reset';

export type NoticeMessageInput = {
  kind: NoticeKind;
  to: string;
  locale: string;
  organization: string;
  account: string;
  method?: MethodKind;
  when: Date;
  /** The kiosk that made the change, so the owner can tell the helpdesk where it happened. */
  device: string;
  helpdesk: string;
  /** IANA zone of the dates in the message (default: the machine's). */
  timeZone?: string;
};

const noticeKey = {
  'method-added': 'message.email.methodAdded',
  'method-changed': 'message.email.methodChanged',
  'method-removed': 'message.email.methodRemoved',
  'password-reset': 'message.email.passwordReset',
} as const satisfies Record<NoticeKind, string>;

/** The email sent to the account's addresses after a change: what, when, from which device, and whom to call. */
export function noticeMessage(input: NoticeMessageInput): Message {
  const locale = messageLanguage(input.locale);
  const t = i18n.getFixedT(locale);
  const when = new Intl.DateTimeFormat(`${locale}-u-nu-latn`, { dateStyle: 'long', timeStyle: 'short', timeZone: input.timeZone }).format(input.when);
  const what = t(noticeKey[input.kind], {
    account: input.account,
    method: input.method ? t(`message.method.${input.method}`) : '',
    when,
    device: input.device,
  });
  const lines = [what, t('message.email.notYou', { helpdesk: input.helpdesk }), t('message.email.signature', { org: input.organization })];
  const subject = t('message.email.noticeSubject', { org: input.organization });
  return {
    channel: 'email',
    to: input.to,
    locale,
    subject,
    text: lines.join('\n\n'),
    html: htmlDocument(locale, subject, lines),
  };
}

// Stands for the code while the HTML is escaped, so the code can be set in bold afterwards.
const codeMark = '\u0000code\u0000';

function paragraphs(text: string): string[] {
  return text.split(/\n{2,}/);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A self-contained alternative: inline styles only, no images or links to fetch, right-to-left for Arabic. */
function htmlDocument(locale: Language, title: string, blocks: string[], code?: string): string {
  const dir = directionOf(locale);
  const body = blocks
    .map((block) => {
      let html = escapeHtml(block).replace(/\n/g, '<br>');
      if (code !== undefined) {
        html = html.replace(codeMark, `<strong style="font-size:24px;letter-spacing:4px;font-family:monospace" dir="ltr">${escapeHtml(code)}</strong>`);
      }
      return `<p>${html}</p>`;
    })
    .join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}" dir="${dir}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">`,
    body,
    '</body>',
    '</html>',
  ].join('\n');
}
