import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import { FlowButton } from '../components/flow-button';
import { Heading } from '../components/heading';
import { HelpdeskContact } from '../components/helpdesk-contact';

export const UnavailableScreen = () => {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t('unavailable.title')}</Heading>
      <p className="lead">{t('unavailable.body')}</p>
      <ErrorMessage />
      <div className="actions">
        <FlowButton request="flow.cancel" payload={{}} variant="primary">
          {t('unavailable.retry')}
        </FlowButton>
      </div>
      <HelpdeskContact />
    </>
  );
};
