import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecoveryOption } from '../../../shared/steps';
import { Breadcrumb } from '../components/breadcrumb';
import { CodeEntry, SentStatus } from '../components/code-entry';
import { ErrorMessage, useStepError } from '../components/error-message';
import { Field } from '../components/field';
import { FlowButton, SubmitButton } from '../components/flow-button';
import { useGuichet } from '../components/guichet-context';
import { Heading } from '../components/heading';
import { Ltr, Rich, slot } from '../components/rich';
import { loadPasswordPolicy } from '../password/policy';
import type { StepOf } from './step-of';

export const RecoveryVerifyScreen = ({ step }: { step: StepOf<'recovery-verify'> }) => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const selected = step.options.find((option) => option.id === step.selected);
  // The password rules come next; fetching them now keeps the checklist from appearing late.
  useEffect(() => void loadPasswordPolicy(), []);
  return (
    <>
      <Heading>{t('recovery.title')}</Heading>
      <Breadcrumb gates={step.gates} current={step.gate} />
      <fieldset className="options">
        <legend>{t('recovery.verify.choose')}</legend>
        {step.options.map((option) => (
          <label key={option.id} className="option">
            <input
              type="radio"
              name="recovery-option"
              value={option.id}
              checked={option.id === step.selected}
              onChange={() => void guichet.flow('recovery.choose', { option: option.id })}
            />
            <span>{t(`recovery.verify.option.${option.channel}`)}</span>
          </label>
        ))}
      </fieldset>
      {selected && !step.sent && <ConfirmDestination key={selected.id} option={selected} />}
      <SentStatus sent={step.sent} />
      {step.sent && (
        <CodeEntry
          key={step.sent.resendAt}
          sent={step.sent}
          label={t('recovery.verify.code')}
          verifyLabel={t('recovery.verify.next')}
          resendLabel={t('recovery.verify.resend')}
          extra={
            <FlowButton request="flow.helpdesk" payload={{}} variant="link">
              {t('recovery.verify.admin')}
            </FlowButton>
          }
        />
      )}
      {!selected && !step.sent && <ErrorMessage />}
      <p className="escape">
        <FlowButton request="flow.helpdesk" payload={{}} variant="link">
          {t('recovery.verify.noMethod')}
        </FlowButton>
      </p>
      <div className="actions">
        <FlowButton request="flow.cancel" payload={{}}>
          {t('common.cancel')}
        </FlowButton>
      </div>
    </>
  );
};

/** "…votre numéro de téléphone mobile complet (*****74)…": the visitor proves they know the full destination. */
const ConfirmDestination = ({ option }: { option: RecoveryOption }) => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const error = useStepError();
  const [value, setValue] = useState('');
  const email = option.channel === 'email';
  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void guichet.flow('recovery.confirm', { value: value.trim() });
      }}
    >
      <p id="confirm-explanation">
        <Rich text={t(`recovery.verify.confirm.${option.channel}`, { hint: slot('hint') })} slots={{ hint: <Ltr>{option.hint}</Ltr> }} />
      </p>
      <Field
        id="confirm-destination"
        type={email ? 'email' : 'tel'}
        inputMode={email ? 'email' : 'tel'}
        label={email ? t('recovery.verify.field.email') : t('recovery.verify.field.phone')}
        describedBy={['confirm-explanation']}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={254}
        dir="ltr"
        invalid={error?.code === 'invalid-input'}
        data-autofocus
      />
      <ErrorMessage />
      <div className="actions">
        <SubmitButton>{t(`recovery.verify.send.${option.channel}`)}</SubmitButton>
      </div>
    </form>
  );
};
