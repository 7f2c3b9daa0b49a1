import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, useStepError } from '../components/error-message';
import { Field } from '../components/field';
import { FlowButton, buttonClass } from '../components/flow-button';
import { useGuichet, usePending, useView } from '../components/guichet-context';
import { Heading } from '../components/heading';
import { IdentifierField, NextOrCancel } from '../components/identifier-field';
import type { StepOf } from './step-of';
import { AskAttendant } from '../attendant/ask-attendant';

export const RecoveryIdentifyScreen = ({ step }: { step: StepOf<'recovery-identify'> }) => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const view = useView();
  const error = useStepError();
  const [identifier, setIdentifier] = useState(step.identifier);
  const [captcha, setCaptcha] = useState('');
  // The first image of the screen is focused with it (app.tsx); a later one replaces the one the visitor was on.
  const firstImage = useRef(step.captcha?.image);
  // The example's domain comes from the main side; the user part is said in the visitor's language.
  const domain = step.example.split('@').pop() || view.organization.domain;
  const example = `${t('recovery.identify.exampleUser')}@${domain}`;
  return (
    <>
      <Heading>{t('recovery.title')}</Heading>
      <h2 className="subtitle">{t('recovery.identify.subtitle')}</h2>
      <p className="lead">{step.captcha ? t('recovery.identify.lead') : t('recovery.identify.leadNoCaptcha')}</p>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void guichet.flow('recovery.identify', { identifier: identifier.trim(), captcha: step.captcha ? captcha.trim() : '' });
        }}
      >
        <IdentifierField
          label={t('recovery.identify.identifier')}
          requiredMark="end"
          description={t('recovery.identify.example', { example })}
          value={identifier}
          onChange={(event) => setIdentifier(event.target.value)}
          invalid={error?.code === 'invalid-input' && error.reason !== 'captcha-wrong'}
          data-autofocus={step.identifier ? undefined : true}
        />
        {step.captcha && (
          <Captcha
            key={step.captcha.image}
            image={step.captcha.image}
            value={captcha}
            onChange={setCaptcha}
            invalid={error?.reason === 'captcha-wrong'}
            replaced={step.captcha.image !== firstImage.current}
          />
        )}
        <ErrorMessage />
        <NextOrCancel />
      </form>
    </>
  );
};

type CaptchaProps = { image: string; value: string; onChange: (value: string) => void; invalid: boolean; replaced: boolean };

/**
 * The image, its audio alternative ("Écouter") and "Nouvelle image". A new image (after a wrong answer or "Nouvelle
 * image") clears what was typed and takes the focus: the control the visitor was on went with the old one.
 */
const Captcha = ({ image, value, onChange, invalid, replaced }: CaptchaProps) => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const pending = usePending();
  const [audio, setAudio] = useState<string>();
  const player = useRef<HTMLAudioElement>(null);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => onChange(''), [image, onChange]);
  useEffect(() => {
    if (replaced) field.current?.focus();
  }, [replaced]);
  useEffect(() => {
    if (audio) void player.current?.play().catch(() => undefined);
  }, [audio]);

  return (
    <div className="captcha">
      <img className="captcha-image" src={image} width={220} height={72} alt={t('recovery.identify.captchaImage')} />
      <div className="actions compact">
        <button
          type="button"
          className={buttonClass('secondary')}
          aria-disabled={pending || undefined}
          onClick={async () => {
            const result = await guichet.flow('recovery.captcha-audio', {});
            if (result?.ok) setAudio(result.audio);
          }}
        >
          {t('recovery.identify.listen')}
        </button>
        <FlowButton request="recovery.captcha-refresh" payload={{}}>
          {t('recovery.identify.refresh')}
        </FlowButton>
      </div>
      <AskAttendant />
      {audio && <audio ref={player} className="captcha-audio" src={audio} controls aria-label={t('recovery.identify.audio')} />}
      <Field
        id="captcha"
        ref={field}
        label={t('recovery.identify.captcha')}
        requiredMark="end"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={16}
        dir="ltr"
        invalid={invalid}
        data-autofocus={true}
      />
    </div>
  );
};
