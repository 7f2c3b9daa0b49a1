import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, useStepError } from '../components/error-message';
import { useGuichet } from '../components/guichet-context';
import { Heading } from '../components/heading';
import { IdentifierField, NextOrCancel } from '../components/identifier-field';
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
        <IdentifierField
          label={t('signin.identifier')}
          value={identifier}
          onChange={(event) => setIdentifier(event.target.value)}
          invalid={error?.code === 'invalid-input'}
          data-autofocus
        />
        <ErrorMessage />
        <NextOrCancel />
      </form>
    </>
  );
};
