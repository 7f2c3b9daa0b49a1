import { useTranslation } from 'react-i18next';
import { FlowButton } from '../components/flow-button';
import { Heading } from '../components/heading';
import { SentToHelpdesk } from '../components/sent-to-helpdesk';
import type { StepOf } from './step-of';

export const HelpdeskScreen = ({ step }: { step: StepOf<'helpdesk'> }) => {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t('helpdeskStep.title')}</Heading>
      <p className="lead">{t(`helpdeskStep.${step.context}`)}</p>
      <SentToHelpdesk>
        <FlowButton request="flow.back" payload={{}}>
          {t('common.previous')}
        </FlowButton>
      </SentToHelpdesk>
    </>
  );
};
