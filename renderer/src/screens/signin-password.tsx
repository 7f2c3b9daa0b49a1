import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, useStepError } from '../components/error-message';
import { Field } from '../components/field';
import { FlowButton, SubmitButton } from '../components/flow-button';
import { useGuichet } from '../components/guichet-context';
import { Heading } from '../components/heading';
import type { Step } from '../../../shared/steps';

/** The identifier is shown by the account chip above, which also goes back to it. */
export const SigninPasswordScreen = ({ step }: { step: Extract<Step, { name: 'signin-password' }> }) => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const error = useStepError();
  const [password, setPassword] = useState('');
  // Every wrong password, a locked account's included, gets the same answer; this way out is offered to all.
  const wrong = error?.code === 'invalid-input' && error.reason === 'wrong-credentials';
  // A refused password is not kept for the next try: the visitor types it again from an empty field.
  useEffect(() => {
    if (error) setPassword('');
  }, [error]);
  return (
    <>
      <Heading>{t('signin.passwordTitle')}</Heading>
      {step.reauth && <p>{t('signin.reauth')}</p>}
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void guichet.flow('signin.password', { password });
        }}
      >
        <Field
          id="password"
          type="password"
          label={t('signin.password')}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          autoComplete="current-password"
          maxLength={256}
          invalid={error?.code === 'invalid-input'}
          data-autofocus
        />
        <ErrorMessage />
        <p>
          <FlowButton request="signin.forgot" payload={{}} variant="link">
            {wrong ? t('signin.lockedOrForgot') : t('signin.forgot')}
          </FlowButton>
        </p>
        <div className="actions">
          <SubmitButton>{t('signin.submit')}</SubmitButton>
        </div>
      </form>
    </>
  );
};
