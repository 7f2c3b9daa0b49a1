/**
 * How long an SMS is on the air: GSM 03.38 7-bit text fits 160 characters in one part, anything else goes as UCS-2
 * and fits 70. A code that arrives in two parts is sometimes reassembled out of order or not at all, so messages aim
 * for one part.
 */

// GSM 03.38 default alphabet (without ESC) and the characters reached through its extension table (2 septets each).
const gsm7Basic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const gsm7Extension = new Set('\f^{}\\[~]|€');

const smsSingleLimit = { gsm7: 160, ucs2: 70 } as const;

export type SmsLength = { encoding: 'gsm7' | 'ucs2'; length: number; limit: number; fits: boolean };

export function smsLength(text: string): SmsLength {
  let septets = 0;
  for (const ch of text) {
    if (gsm7Basic.has(ch)) septets += 1;
    else if (gsm7Extension.has(ch)) septets += 2;
    else {
      // UCS-2 counts UTF-16 code units: characters outside the BMP take two.
      return { encoding: 'ucs2', length: text.length, limit: smsSingleLimit.ucs2, fits: text.length <= smsSingleLimit.ucs2 };
    }
  }
  return { encoding: 'gsm7', length: septets, limit: smsSingleLimit.gsm7, fits: septets <= smsSingleLimit.gsm7 };
}

// Typography that French text picks up from word processors, with a GSM-7 stand-in.
const typographic: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201C': '"',
  '\u201D': '"',
  '«': '"',
  '»': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u202F': ' ',
};

/**
 * Latin text with a few letters outside GSM-7 ("ç", "ê", "ï", "’") would otherwise switch the whole SMS to UCS-2 and
 * halve its room; dropping those accents keeps it readable. Characters with no such stand-in (Arabic) are kept.
 */
export function foldToGsm7(text: string): string {
  let out = '';
  for (const ch of text) {
    if (gsm7Basic.has(ch) || gsm7Extension.has(ch)) out += ch;
    else if (typographic[ch] !== undefined) out += typographic[ch];
    else {
      const bare = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += [...bare].every((c) => gsm7Basic.has(c)) ? bare : ch;
    }
  }
  return out;
}

/** The text as it should be sent: folded to GSM-7 when that is all it takes to use the 160-character alphabet. */
export function smsText(text: string): { text: string } & SmsLength {
  const plain = smsLength(text);
  if (plain.encoding === 'gsm7') return { text, ...plain };
  const folded = foldToGsm7(text);
  const foldedLength = smsLength(folded);
  return foldedLength.encoding === 'gsm7' ? { text: folded, ...foldedLength } : { text, ...plain };
}
