import { createInstance, type i18n } from 'i18next';
import ar from '../../../shared/locales/ar.json';
import en from '../../../shared/locales/en.json';
import fr from '../../../shared/locales/fr.json';

/** Every language the renderer has texts for; the main side says which ones to offer (`view.locales`). */
export const resources = { fr: { translation: fr }, en: { translation: en }, ar: { translation: ar } };

type Options = {
  /** Called for any key the current language lacks; set in tests, which also turn the French fallback off. */
  onMissing?: (language: string, key: string) => void;
};

/** One i18next instance per renderer, initialized synchronously from bundled resources. */
export const createI18n = (language: string, { onMissing }: Options = {}): i18n => {
  const instance = createInstance();
  void instance.init({
    resources,
    lng: language,
    fallbackLng: onMissing ? false : 'fr',
    initAsync: false,
    returnNull: false,
    // React escapes what it renders; escaping here would show "&amp;" to the visitor.
    interpolation: { escapeValue: false },
    saveMissing: onMissing !== undefined,
    missingKeyHandler: onMissing ? (languages, _ns, key) => onMissing(languages.join(','), key) : false,
  });
  return instance;
};

/** Writing direction of a language, for `dir` on the document and the app root. */
export const directionOf = (language: string): 'rtl' | 'ltr' =>
  ['ar', 'fa', 'he', 'ur'].includes(language.split('-')[0] ?? '') ? 'rtl' : 'ltr';

/** The locale for `Intl` formatting: the UI language with Western digits, which phone numbers and codes use too. */
export const intlLocale = (language: string): string => `${language}-u-nu-latn`;

/** A language named in its own language ("Français", "English", "العربية"), for the language switch. */
export const endonym = (code: string): string => {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
    return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
  } catch {
    return code;
  }
};
