import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { chooseBridge } from './bridge';
import { createI18n, directionOf, loadLanguage } from './i18n/i18n';
import { createGuichet } from './state/store';
import './styles.css';

const i18n = createI18n(document.documentElement.lang || 'fr');
const guichet = createGuichet({ bridge: chooseBridge(), beforeView: (view) => loadLanguage(i18n, view.locale) });

// The language follows the main side's view; switching here, before React renders the new view, avoids a frame
// of the new screen in the old language.
const follow = (locale: string | undefined) => {
  if (!locale) return;
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
};
guichet.store.subscribe((state) => follow(state.view?.locale));

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App guichet={guichet} i18n={i18n} />
  </StrictMode>,
);
void guichet.start();
