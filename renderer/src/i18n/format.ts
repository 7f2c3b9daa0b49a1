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

/** Keeps a left-to-right value (a dial code) whole where markup cannot go, e.g. in an `<option>`. */
export const isolateLtr = (text: string): string => `\u2066${text}\u2069`;
