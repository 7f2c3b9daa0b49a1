/**
 * Characters a CAPTCHA answer is drawn from. Left out: look-alikes in the image (0/O, 1/I/l, 2/Z, 5/S, 6/G, 8/B)
 * and letters whose spoken names blur together over noise (B/D/E/P/T/V, M/N, C/S). Every character has a
 * recorded clip per locale (scripts/record-captcha-clips.sh keeps the same list); 16 characters make 20 bits for 5.
 */
export const captchaAlphabet = '23456789AFHKMRXY';
export const captchaLength = 5;

/** Locales with recorded clips; the first is the fallback. */
export const captchaLocales = ['fr', 'en', 'ar'] as const;
export type CaptchaLocale = (typeof captchaLocales)[number];

/** "ar-MA" → "ar"; a language without clips falls back to French, the application's default. */
export function captchaAudioLocale(locale: string): CaptchaLocale {
  const language = locale.toLowerCase().split(/[-_]/)[0];
  return captchaLocales.find((l) => l === language) ?? captchaLocales[0];
}
