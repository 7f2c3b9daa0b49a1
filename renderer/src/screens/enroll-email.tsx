import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DestinationProof } from '../components/destination-proof';
import { ErrorMessage, useStepError } from '../components/error-message';
import { Field } from '../components/field';
import { SubmitButton } from '../components/flow-button';
import { useGuichet } from '../components/guichet-context';
import { Heading } from '../components/heading';
import type { StepOf } from './step-of';

export const EnrollEmailScreen = ({ step }: { step: StepOf<'enroll-email'> }) => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const error = useStepError();
  const [address, setAddress] = useState(step.address);
  const invalid = error?.code === 'invalid-input' && error.reason?.startsWith('email-') === true;
  return (
    <>
      <Heading>{t('security.title')}</Heading>
      <p className="lead">{t('email.lead')}</p>
      {step.replacing && <p className="muted">{t('email.replacing')}</p>}
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void guichet.flow('email.send', { address: address.trim() });
        }}
      >
        <Field
          id="email-address"
          type="email"
          label={t('email.label')}
          description={t('email.hint')}
          value={address}
          onChange={(event) => setAddress(event.target.value)}
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={254}
          dir="ltr"
          invalid={invalid}
          data-autofocus
        />
        <div className="actions">
          <SubmitButton variant={step.sent ? 'secondary' : 'primary'}>{t('email.send')}</SubmitButton>
        </div>
        {!step.sent && <ErrorMessage />}
      </form>
      <DestinationProof sent={step.sent} canRemove={step.canRemove} removeLabel={t('email.remove')} />
    </>
  );
};
