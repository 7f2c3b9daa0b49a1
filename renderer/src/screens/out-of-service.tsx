import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import { Heading } from '../components/heading';
import { HelpdeskContact } from '../components/helpdesk-contact';

export const OutOfServiceScreen = () => {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t('outOfService.title')}</Heading>
      <p className="lead">{t('outOfService.body')}</p>
      <ErrorMessage />
      <HelpdeskContact />
    </>
  );
};
