import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import { FlowButton } from '../components/flow-button';
import { Heading } from '../components/heading';
import { HelpdeskContact } from '../components/helpdesk-contact';

export const HomeScreen = () => {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t('home.title')}</Heading>
      <p className="lead">{t('home.lead')}</p>
      <ErrorMessage />
      <div className="actions stacked">
        <FlowButton request="home.sign-in" payload={{}} variant="primary">
          {t('home.signIn')}
        </FlowButton>
        <FlowButton request="home.recover" payload={{}}>
          {t('home.recover')}
        </FlowButton>
      </div>
      <HelpdeskContact />
    </>
  );
};
