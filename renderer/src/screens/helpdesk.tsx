import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import { FlowButton } from '../components/flow-button';
import { Heading } from '../components/heading';
import { HelpdeskContact } from '../components/helpdesk-contact';
import type { StepOf } from './step-of';

export const HelpdeskScreen = ({ step }: { step: StepOf<'helpdesk'> }) => {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t('helpdeskStep.title')}</Heading>
      <p className="lead">{t(`helpdeskStep.${step.context}`)}</p>
      <HelpdeskContact />
      <ErrorMessage />
      <div className="actions">
        <FlowButton request="flow.cancel" payload={{}} variant="primary">
          {t('common.home')}
        </FlowButton>
        <FlowButton request="flow.back" payload={{}}>
          {t('common.previous')}
        </FlowButton>
      </div>
    </>
  );
};
