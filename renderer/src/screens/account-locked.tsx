import { useTranslation } from 'react-i18next';
import { Heading } from '../components/heading';
import { SentToHelpdesk } from '../components/sent-to-helpdesk';

export const AccountLockedScreen = () => {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t('locked.title')}</Heading>
      <p className="lead">{t('locked.body')}</p>
      <SentToHelpdesk />
    </>
  );
};
