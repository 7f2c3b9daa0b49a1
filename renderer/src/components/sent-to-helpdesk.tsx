import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './error-message';
import { FlowButton } from './flow-button';
import { HelpdeskContact } from './helpdesk-contact';

/** The end of a screen that sends the visitor to the helpdesk: whom to call, and home first among the ways out. */
export const SentToHelpdesk = ({ children }: { children?: ReactNode }) => {
  const { t } = useTranslation();
  return (
    <>
      <HelpdeskContact />
      <ErrorMessage />
      <div className="actions">
        <FlowButton request="flow.cancel" payload={{}} variant="primary">
          {t('common.home')}
        </FlowButton>
        {children}
      </div>
    </>
  );
};
