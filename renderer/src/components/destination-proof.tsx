import { useTranslation } from 'react-i18next';
import type { SentCode } from '../../../shared/steps';
import { CodeEntry, SentStatus } from './code-entry';
import { FlowButton } from './flow-button';

/**
 * The part of the phone and email screens after the destination: what was sent, the code to enter, and the way
 * back or out (removing the method being replaced).
 */
export const DestinationProof = ({ sent, canRemove, removeLabel }: { sent?: SentCode; canRemove: boolean; removeLabel: string }) => {
  const { t } = useTranslation();
  return (
    <>
      <SentStatus sent={sent} />
      {sent && <CodeEntry key={sent.resendAt} sent={sent} label={t('code.label')} verifyLabel={t('code.verify')} resendLabel={t('code.resend')} />}
      <div className="actions secondary-actions">
        <FlowButton request="flow.back" payload={{}}>
          {t('common.previous')}
        </FlowButton>
        {canRemove && (
          <FlowButton request="method.remove" payload={{}}>
            {removeLabel}
          </FlowButton>
        )}
      </div>
    </>
  );
};
