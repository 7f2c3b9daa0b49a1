import { allResources } from './all-locales';
import { renderToStaticMarkup } from 'react-dom/server';
import type { BridgeError } from '../../../shared/errors';
import type { View } from '../../../shared/steps';
import type { GuichetState } from '../../../renderer/src/state/store';
import { App } from '../../../renderer/src/app';
import { createI18n } from '../../../renderer/src/i18n/i18n';
import { createGuichet } from '../../../renderer/src/state/store';
import { createFakeBridge } from './fake-bridge';

/** Renders the whole page for a view, collecting any key the view's language lacks. */
export const renderView = (
  view: View | undefined,
  { error, now = view?.now ?? 0, locale = view?.locale ?? 'fr', state = {} }: { error?: BridgeError; now?: number; locale?: string; state?: Partial<GuichetState> } = {},
) => {
  const missing: string[] = [];
  const i18n = createI18n(locale, { resources: allResources, onMissing: (language, key) => missing.push(`${language}:${key}`) });
  const initial = { view, error, offset: view ? view.now - now : 0, ...state };
  const guichet = createGuichet({ bridge: createFakeBridge().bridge, now: () => now, initial });
  const html = renderToStaticMarkup(<App guichet={guichet} i18n={i18n} />);
  return { html, text: textOf(html), missing };
};

/** The text a visitor reads, without markup. */
export const textOf = (html: string): string =>
  html
    .replace(/<\/?(?:bdi|span)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
