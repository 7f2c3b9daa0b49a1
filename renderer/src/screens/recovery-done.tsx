import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import { FlowButton } from '../components/flow-button';
import { Heading } from '../components/heading';
import { Rich, slot } from '../components/rich';

/** The seed's "Retournez sur votre compte", the outcome, the way back in, and that the kiosk will go home by itself. */
export const RecoveryDoneScreen = () => {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t('recovery.title')}</Heading>
      <p className="confirmation">
        <span className="success-icon" aria-hidden="true">
          {'✓ '}
        </span>
        {t('recovery.done.title')}
      </p>
      <p className="lead">
        <Rich
          text={t('recovery.done.signIn', { link: slot('link') })}
          slots={{
            link: (
              <FlowButton request="home.sign-in" payload={{}} variant="inline">
                {t('recovery.done.link')}
              </FlowButton>
            ),
          }}
        />
      </p>
      <p className="muted">{t('recovery.done.returnsHome')}</p>
      <ErrorMessage />
    </>
  );
};
