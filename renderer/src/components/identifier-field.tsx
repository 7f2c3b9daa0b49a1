import type { ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from './field';
import { FlowButton, SubmitButton } from './flow-button';

/** The account name as every identifier screen takes it: typed as is, left to right, never corrected. */
export const IdentifierField = (props: Omit<ComponentProps<typeof Field>, 'id'>) => (
  <Field id="identifier" autoComplete="username" autoCapitalize="none" spellCheck={false} maxLength={256} dir="ltr" {...props} />
);

/** "Suivant" and "Annuler" under a form that starts or restarts a flow. */
export const NextOrCancel = () => {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <SubmitButton>{t('common.next')}</SubmitButton>
      <FlowButton request="flow.cancel" payload={{}}>
        {t('common.cancel')}
      </FlowButton>
    </div>
  );
};
