import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SentCode } from '../../../shared/steps';
import { formatTime } from '../i18n/format';
import { toLocalTime } from '../state/clock';
import { useSecondsUntil } from './countdown';
import { ErrorMessage, useStepError } from './error-message';
import { Field } from './field';
import { SubmitButton } from './flow-button';
import { useGuichet, useGuichetState, usePending } from './guichet-context';

/**
 * "Nous avons envoyé un SMS…": always in the page (empty before a send) so that the message is announced when it
 * appears; the validity time makes a resend a new message, announced too.
 */
export const SentStatus = ({ sent }: { sent?: SentCode }) => {
  const { t, i18n } = useTranslation();
  const offset = useGuichetState((state) => state.offset);
  return (
    <div role="status" className={sent ? 'status' : 'status-empty'}>
      {sent && (
        <>
          <p>{t(`code.sent.${sent.channel}`)}</p>
          <p className="muted">{t('code.validUntil', { time: formatTime(toLocalTime(sent.expiresAt, offset), i18n.language) })}</p>
        </>
      )}
    </div>
  );
};

type Props = {
  sent: SentCode;
  label: string;
  verifyLabel: string;
  resendLabel: string;
  /** Further actions beside "réessayer" ("Contactez votre administrateur"). */
  extra?: ReactNode;
};

/** The code field with "vérifier" and "réessayer", the latter enabled once the main side's cooldown is over. */
export const CodeEntry = ({ sent, label, verifyLabel, resendLabel, extra }: Props) => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const pending = usePending();
  const error = useStepError();
  const [code, setCode] = useState('');
  const wait = useSecondsUntil(sent.resendAt);
  const waitId = useId();
  const field = useRef<HTMLInputElement>(null);
  // A code was just sent (or sent again): the visitor's next move is to type it.
  useEffect(() => field.current?.focus(), []);
  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void guichet.flow('code.verify', { code: code.trim() });
      }}
    >
      <Field
        id="code"
        ref={field}
        label={label}
        value={code}
        onChange={(event) => setCode(event.target.value)}
        autoComplete="one-time-code"
        inputMode="numeric"
        maxLength={16}
        dir="ltr"
        spellCheck={false}
        invalid={error?.code === 'invalid-input'}
        className="code-field"
      />
      <ErrorMessage />
      <div className="actions">
        <SubmitButton>{verifyLabel}</SubmitButton>
        <button
          type="button"
          className="button"
          disabled={wait > 0}
          aria-disabled={pending || undefined}
          aria-describedby={waitId}
          onClick={() => void guichet.flow('code.resend', {})}
        >
          {resendLabel}
        </button>
        {extra}
      </div>
      {/* The ticking text is a timer (not announced each second); the line below says once when "réessayer" is ready. */}
      <p id={waitId} className="muted" role="timer">
        {wait > 0 ? t('code.resendIn', { seconds: wait }) : ''}
      </p>
      <p className="sr-only" aria-live="polite">
        {wait > 0 ? '' : t('code.resendReady')}
      </p>
    </form>
  );
};
