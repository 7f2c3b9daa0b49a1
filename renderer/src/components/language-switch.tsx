import { useTranslation } from 'react-i18next';
import { endonym } from '../i18n/i18n';
import { useGuichet, useView } from './guichet-context';

/** fr / en / ar, each named in its own language; the choice lives on the main side for this visitor's session. */
export const LanguageSwitch = () => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const view = useView();
  if (view.locales.length < 2) return null;
  return (
    <nav className="languages" aria-label={t('layout.language')}>
      <ul>
        {view.locales.map((code) => (
          <li key={code}>
            <button
              type="button"
              className="language"
              lang={code}
              aria-current={code === view.locale ? 'true' : undefined}
              onClick={() => void guichet.setLocale(code)}
            >
              {endonym(code)}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
};
