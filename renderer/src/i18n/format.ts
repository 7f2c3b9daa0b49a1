import { intlLocale } from './i18n';

/** "14:32" / "2:32 PM" in the UI language, with Western digits. */
export const formatTime = (localEpochMs: number, language: string): string =>
  new Intl.DateTimeFormat(intlLocale(language), { hour: 'numeric', minute: '2-digit' }).format(new Date(localEpochMs));

/** A country named in the UI language ("Maroc", "Morocco", "المغرب"). */
export const countryName = (code: string, language: string): string => {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
};

/**
 * "+212" that stays "+212" inside Arabic text where markup cannot go: Chromium draws a closed `<select>` without
 * honouring isolates or embeddings, so left-to-right marks around the "+" make it a left-to-right run.
 */
export const dialCode = (dial: string): string => `\u200E+\u200E${dial.replace(/^\+/, '')}`;
