import { useTranslation } from 'react-i18next';
import { useGuichet, usePending, useView } from './guichet-context';

/** "← itsupport@um6ss.ma": what the visitor typed; on the password step it goes back to the identifier. */
export const AccountChip = () => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const pending = usePending();
  const view = useView();
  const chip = view.chip ?? (view.step.name === 'signin-password' ? view.step.identifier : undefined);
  if (!chip) return null;
  const identifier = <bdi dir="ltr">{chip}</bdi>;
  if (view.step.name === 'signin-password') {
    return (
      <button type="button" className="chip chip-back" aria-disabled={pending || undefined} onClick={() => void guichet.flow('flow.back', {})}>
        <span className="arrow" aria-hidden="true">
          {'←'}
        </span>
        <span className="sr-only">{t('signin.backToIdentifier')}</span>
        {identifier}
      </button>
    );
  }
  return (
    <p className="chip">
      <span className="sr-only">{t('layout.account')}</span>
      {identifier}
    </p>
  );
};
