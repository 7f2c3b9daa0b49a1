import { useTranslation } from 'react-i18next';
import { buttonClass } from '../components/flow-button';
import { useGuichet, usePending, useView } from '../components/guichet-context';

/**
 * For a visitor who can neither read nor hear the CAPTCHA (WCAG 2.2, 3.3.8): the attendant's PIN passes it.
 * Shown only where an attendant PIN is configured.
 */
export const AskAttendant = () => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const pending = usePending();
  const view = useView();
  if (!view.kiosk.attendantKeys) return null;
  return (
    <button type="button" className={buttonClass('link')} aria-disabled={pending || undefined} onClick={() => guichet.openAttendant('captcha')}>
      {t('attendant.askForHelp')}
    </button>
  );
};
