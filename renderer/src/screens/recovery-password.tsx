import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Breadcrumb } from '../components/breadcrumb';
import { ErrorMessage, useStepError } from '../components/error-message';
import { Field } from '../components/field';
import { FlowButton, SubmitButton } from '../components/flow-button';
import { useGuichet } from '../components/guichet-context';
import { Heading } from '../components/heading';
import { PasswordRules, firstBrokenRule, idleRules } from '../components/password-rules';
import { usePasswordPolicy } from '../password/policy';
import { useStrength, type Score } from '../password/strength';
import type { RuleId } from '../../../shared/password-policy';
import type { StepOf } from './step-of';

/** Bounds of the presets until the engine (which owns them) has loaded. */
const fallbackBounds = { entra: { min: 8, max: 256, categories: 3 }, nist: { min: 15, max: 256, categories: 0 } } as const;

export const RecoveryPasswordScreen = ({ step }: { step: StepOf<'recovery-password'> }) => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const policy = usePasswordPolicy();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { context } = step;
  const score = useStrength(password, [context.username, context.displayName, ...context.bannedTerms]);
  const check = policy?.checkPassword(password, context);
  const rules = check?.rules ?? idleRules(context.preset);
  const bounds = policy?.passwordPresets[context.preset] ?? fallbackBounds[context.preset];
  // Only once the confirmation is as long as the password, so typing it does not flash an error.
  const mismatch = confirm.length >= password.length && confirm.length > 0 && confirm !== password;
  const policyError = useStepErrorIsPolicy();
  return (
    <>
      <Heading>{t('recovery.title')}</Heading>
      <Breadcrumb gates={step.gates} current={step.gates + 1} />
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void guichet.flow('recovery.password', { password, confirm });
        }}
      >
        <Field
          id="new-password"
          type="password"
          label={t('recovery.password.new')}
          requiredMark="start"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          autoComplete="new-password"
          maxLength={512}
          describedBy={['password-strength', 'password-rules']}
          invalid={policyError}
          data-autofocus
        />
        <Strength id="password-strength" score={score} broken={password ? (check ? firstBrokenRule(check.rules) : undefined) : undefined} bounds={bounds} ruled={check?.ok === true} />
        <h2 className="rules-title" id="password-rules-title">
          {t('recovery.password.rulesTitle')}
        </h2>
        <PasswordRules id="password-rules" rules={rules} bounds={bounds} />
        <Field
          id="confirm-password"
          type="password"
          label={t('recovery.password.confirm')}
          requiredMark="start"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
          autoComplete="new-password"
          maxLength={512}
          describedBy={mismatch ? ['confirm-mismatch'] : []}
        />
        <p id="confirm-mismatch" className="field-error" aria-live="polite">
          {mismatch ? t('recovery.password.mismatch') : ''}
        </p>
        <ErrorMessage />
        <div className="actions">
          <SubmitButton>{t('recovery.password.finish')}</SubmitButton>
          <FlowButton request="flow.cancel" payload={{}}>
            {t('common.cancel')}
          </FlowButton>
        </div>
      </form>
      <p className="muted">{t(`recovery.password.advice.${context.preset}`)}</p>
    </>
  );
};

type Bounds = { min: number; max: number; categories: number };

/**
 * "Niveau de sécurité du mot de passe": four segments and a word, so it does not rely on color. A password the
 * policy refuses is never rated above "faible", however hard zxcvbn finds it to guess, and the rule it breaks is
 * named beside the meter; `ruled` is false until the policy engine has loaded and passed it.
 */
const Strength = ({ id, score, broken, bounds, ruled }: { id: string; score: Score | undefined; broken?: RuleId; bounds: Bounds; ruled: boolean }) => {
  const { t } = useTranslation();
  const shown = score !== undefined && !ruled ? (Math.min(score, 1) as Score) : score;
  // The rule's checklist line ends with a colon before its sub-list; beside the meter it ends the sentence.
  const rule = broken && t(`policy.rule.${broken}`, bounds).replace(/\s*:\s*$/, '');
  return (
    <div id={id} className="strength">
      <span className="strength-label">{t('recovery.password.strength')}</span>
      <span className="strength-bar" data-score={shown ?? 'none'} aria-hidden="true">
        <span />
        <span />
        <span />
        <span />
      </span>
      <span className="strength-value">{shown === undefined ? '' : t(`recovery.password.level.${shown}`)}</span>
      {rule && <span className="strength-rule">{t('recovery.password.broken', { rule })}</span>}
    </div>
  );
};

const useStepErrorIsPolicy = (): boolean => {
  const error = useStepError();
  return error?.code === 'policy-violation' || error?.reason === 'password-mismatch';
};
