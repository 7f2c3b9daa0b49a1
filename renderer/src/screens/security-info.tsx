import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodRow } from '../../../shared/steps';
import { ErrorMessage } from '../components/error-message';
import { FlowButton } from '../components/flow-button';
import { Heading } from '../components/heading';
import { Ltr, Rich, slot } from '../components/rich';
import type { StepOf } from './step-of';

export const SecurityInfoScreen = ({ step }: { step: StepOf<'security-info'> }) => {
  const { t } = useTranslation();
  const finishHint = useId();
  return (
    <>
      <Heading>{t('security.title')}</Heading>
      {step.thanks ? (
        <p className="confirmation">{t('security.thanks')}</p>
      ) : (
        <p className="lead">{t('security.lead', { minimum: step.minimum })}</p>
      )}
      <ul className="methods">
        {step.methods.map((row) => (
          <MethodLine key={row.kind} row={row} />
        ))}
      </ul>
      <ErrorMessage />
      {!step.canFinish && (
        <p id={finishHint} className="muted">
          {t('security.finishHint', { minimum: step.minimum })}
        </p>
      )}
      <div className="actions">
        <FlowButton
          request="security-info.finish"
          payload={{}}
          variant="primary"
          disabled={!step.canFinish}
          describedBy={step.canFinish ? undefined : finishHint}
        >
          {t('security.finish')}
        </FlowButton>
        <FlowButton request="flow.cancel" payload={{}}>
          {t('security.cancel')}
        </FlowButton>
      </div>
    </>
  );
};

const MethodLine = ({ row }: { row: MethodRow }) => {
  const { t } = useTranslation();
  const textId = useId();
  const method = t(`security.method.${row.kind}`);
  const set = row.configured;
  return (
    <li className={set ? 'method set' : 'method unset'}>
      {/* The seed's ❗, drawn by the stylesheet: kiosks often lack an emoji font. */}
      <span className="method-icon" aria-hidden="true">
        {set ? '✓' : '!'}
      </span>
      <span id={textId} className="method-text">
        {!set ? (
          t('security.notSet', { method })
        ) : row.display === undefined ? (
          t('security.setHidden', { method })
        ) : (
          <Rich text={t('security.set', { method, value: slot('value') })} slots={{ value: <Ltr className={row.kind === 'phone' ? 'nowrap' : 'contact-value'}>{row.display}</Ltr> }} />
        )}
      </span>{' '}
      {/* The row's sentence describes the button, whose name stays the visible "Changer" / "Configurer maintenant". */}
      <FlowButton request="security-info.configure" payload={{ method: row.kind }} variant="link" describedBy={textId}>
        {set ? t('security.change') : t('security.configure')}
      </FlowButton>
    </li>
  );
};
