import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhoneChannel } from '../../../shared/steps';
import { DestinationProof } from '../components/destination-proof';
import { ErrorMessage, errorRegionId, useStepError } from '../components/error-message';
import { buttonClass } from '../components/flow-button';
import { useGuichet, usePending } from '../components/guichet-context';
import { Heading } from '../components/heading';
import { countryName, dialCode } from '../i18n/format';
import { reformat } from '../phone/reformat';
import { usePhoneFormatter } from '../phone/formatter';
import type { StepOf } from './step-of';

const sendLabel: Record<PhoneChannel, string> = { sms: 'phone.sendSms', voice: 'phone.call' };

export const EnrollPhoneScreen = ({ step }: { step: StepOf<'enroll-phone'> }) => {
  const { t, i18n } = useTranslation();
  const guichet = useGuichet();
  const pending = usePending();
  const error = useStepError();
  const format = usePhoneFormatter();
  const [country, setCountry] = useState(step.country);
  const [number, setNumber] = useState(step.number);
  const input = useRef<HTMLInputElement>(null);
  const caret = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    if (caret.current === undefined || !input.current) return;
    input.current.setSelectionRange(caret.current, caret.current);
    caret.current = undefined;
  }, [number]);

  const countries = useMemo(() => {
    const collator = new Intl.Collator(i18n.language);
    return step.countries
      .map((option) => ({ ...option, name: countryName(option.code, i18n.language) }))
      .sort((a, b) => collator.compare(a.name, b.name));
  }, [step.countries, i18n.language]);

  const send = (channel: PhoneChannel) => void guichet.flow('phone.send', { country, number: number.trim(), channel });
  const [first] = step.channels;
  const invalid = error?.code === 'invalid-input' && error.reason?.startsWith('phone-') === true;

  return (
    <>
      <Heading>{t('security.title')}</Heading>
      <p className="lead">{t('phone.lead')}</p>
      {step.replacing && <p className="muted">{t('phone.replacing')}</p>}
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (first) send(first);
        }}
      >
        <div className="field">
          <label id="phone-label" htmlFor="phone-number">
            {t('phone.label')}
          </label>
          <div className="phone-row">
            <select
              id="phone-country"
              className="input select"
              aria-label={t('phone.country')}
              value={country}
              onChange={(event) => {
                guichet.editing();
                const next = event.target.value;
                setCountry(next);
                if (format && number) setNumber(format(number, next));
              }}
            >
              {countries.map((option) => (
                <option key={option.code} value={option.code}>
                  {t('phone.countryOption', { name: option.name, dial: dialCode(option.dial) })}
                </option>
              ))}
            </select>
            <input
              ref={input}
              id="phone-number"
              className="input"
              type="tel"
              inputMode="tel"
              autoComplete="tel-national"
              dir="ltr"
              maxLength={40}
              value={number}
              aria-invalid={invalid || undefined}
              aria-describedby={invalid ? errorRegionId : undefined}
              data-autofocus
              onChange={(event) => {
                guichet.editing();
                const typed = event.target.value;
                if (!format) return setNumber(typed);
                const edit = reformat(number, typed, event.target.selectionStart ?? typed.length, (text) => format(text, country));
                caret.current = edit.caret;
                setNumber(edit.value);
              }}
            />
          </div>
        </div>
        <div className="actions">
          {step.channels.map((channel) => (
            <button
              key={channel}
              type={channel === first ? 'submit' : 'button'}
              className={buttonClass(channel === first && !step.sent ? 'primary' : 'secondary')}
              aria-disabled={pending || undefined}
              onClick={channel === first ? undefined : () => send(channel)}
            >
              {t(sendLabel[channel])}
            </button>
          ))}
        </div>
        {!step.sent && <ErrorMessage />}
      </form>
      <DestinationProof sent={step.sent} canRemove={step.canRemove} removeLabel={t('phone.remove')} />
    </>
  );
};
