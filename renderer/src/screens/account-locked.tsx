import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import { FlowButton } from '../components/flow-button';
import { Heading } from '../components/heading';
import { HelpdeskContact } from '../components/helpdesk-contact';

export const AccountLockedScreen = () => {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t('locked.title')}</Heading>
      <p className="lead">{t('locked.body')}</p>
      <HelpdeskContact />
      <ErrorMessage />
      <div className="actions">
        <FlowButton request="flow.cancel" payload={{}} variant="primary">
          {t('common.home')}
        </FlowButton>
      </div>
    </>
  );
};
