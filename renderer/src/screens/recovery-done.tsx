import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import { FlowButton } from '../components/flow-button';
import { Heading } from '../components/heading';
import { Rich, slot } from '../components/rich';

export const RecoveryDoneScreen = () => {
  const { t } = useTranslation();
  return (
    <>
      <Heading>
        <span className="success-icon" aria-hidden="true">
          {'✓ '}
        </span>
        {t('recovery.done.title')}
      </Heading>
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
      <ErrorMessage />
    </>
  );
};
