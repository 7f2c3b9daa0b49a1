import { createInstance, type i18n } from 'i18next';

type Texts = Record<string, unknown>;

export type Resources = Record<string, { translation: Texts }>;

const codeOf = (path: string) => path.replace(/^.*\/|\.json$/g, '');

// Every `shared/locales/<code>.json` is a language: adding one is adding its file (and offering it in the config).
// French, the fallback of every other language, ships with the first screen; the others load when a view needs them.
const bundled = import.meta.glob<Texts>('../../../shared/locales/fr.json', { eager: true, import: 'default' });
const loaders = import.meta.glob<Texts>(['../../../shared/locales/*.json', '!../../../shared/locales/fr.json'], { import: 'default' });

const bundledResources: Resources = Object.fromEntries(Object.entries(bundled).map(([path, translation]) => [codeOf(path), { translation }]));

type Options = {
  /** Called for any key the current language lacks; set in tests, which also turn the French fallback off. */
  onMissing?: (language: string, key: string) => void;
  /** Texts to start with (tests give every language); by default French only. */
  resources?: Resources;
};

/** Loads a language's texts into `instance` unless it has them; a language without a file is left to the fallback. */
export const loadLanguage = async (instance: i18n, language: string): Promise<void> => {
  if (instance.hasResourceBundle(language, 'translation')) return;
  const load = Object.entries(loaders).find(([path]) => codeOf(path) === language)?.[1];
  if (load) instance.addResourceBundle(language, 'translation', await load());
};

/** One i18next instance per renderer, initialized synchronously from the texts it starts with. */
export const createI18n = (language: string, { onMissing, resources = bundledResources }: Options = {}): i18n => {
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
