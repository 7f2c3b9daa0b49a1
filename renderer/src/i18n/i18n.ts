import { createInstance, type i18n } from 'i18next';

type Texts = Record<string, unknown>;

// Every `shared/locales/<code>.json` is a language: adding one is adding its file (and offering it in the config).
const files = import.meta.glob<Texts>('../../../shared/locales/*.json', { eager: true, import: 'default' });

/** Every language the renderer has texts for; the main side says which ones to offer (`view.locales`). */
export const resources: Record<string, { translation: Texts }> = Object.fromEntries(
  Object.entries(files).map(([path, translation]) => [path.replace(/^.*\/|\.json$/g, ''), { translation }]),
);

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
  rightToLeft.has(language.split('-')[0]?.toLowerCase() ?? '') ? 'rtl' : 'ltr';

const rightToLeft = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

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
