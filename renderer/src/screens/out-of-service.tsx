import { useTranslation } from 'react-i18next';
import { Heading } from '../components/heading';
import { HelpdeskContact } from '../components/helpdesk-contact';

/** Says it once and lists the helpdesk once: the error the view carries would only repeat both. */
export const OutOfServiceScreen = () => {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t('outOfService.title')}</Heading>
      <p className="lead">{t('outOfService.body')}</p>
      <HelpdeskContact />
    </>
  );
};
