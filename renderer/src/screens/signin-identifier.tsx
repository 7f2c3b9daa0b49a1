import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, useStepError } from '../components/error-message';
import { Field } from '../components/field';
import { FlowButton, SubmitButton } from '../components/flow-button';
import { useGuichet } from '../components/guichet-context';
import { Heading } from '../components/heading';
import type { StepOf } from './step-of';

export const SigninIdentifierScreen = ({ step }: { step: StepOf<'signin-identifier'> }) => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const error = useStepError();
  const [identifier, setIdentifier] = useState(step.identifier);
  return (
    <>
      <Heading>{t('signin.title')}</Heading>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void guichet.flow('signin.identifier', { identifier: identifier.trim() });
        }}
      >
        <Field
          id="identifier"
          label={t('signin.identifier')}
          value={identifier}
          onChange={(event) => setIdentifier(event.target.value)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={256}
          dir="ltr"
          invalid={error?.code === 'invalid-input'}
          data-autofocus
        />
        <ErrorMessage />
        <div className="actions">
          <SubmitButton>{t('common.next')}</SubmitButton>
          <FlowButton request="flow.cancel" payload={{}}>
            {t('common.cancel')}
          </FlowButton>
        </div>
      </form>
    </>
  );
};
