import { useTranslation } from 'react-i18next';
import type { BridgeError } from '../../../shared/errors';
import { formatTime } from '../i18n/format';
import { toLocalTime } from '../state/clock';
import { useGuichetState } from './guichet-context';
import { HelpdeskContact } from './helpdesk-contact';

/** Fields point at this with `aria-describedby` while an error about them is shown. */
export const errorRegionId = 'step-error';

/** The error to show: the last answer's, else the one the view carries. */
export const useStepError = (): BridgeError | undefined => useGuichetState((state) => state.error ?? state.view?.error);

/** Errors reported by the main side: code, reason, policy reasons, retry time, and whom to call. */
export const ErrorMessage = () => {
  const error = useStepError();
  // The live region stays in the page so that inserting a message into it is announced.
  return (
    <div id={errorRegionId} role="alert" className={error ? 'alert' : 'alert-empty'}>
      {error && <ErrorText error={error} />}
    </div>
  );
};

export const ErrorText = ({ error }: { error: BridgeError }) => {
  const { t, i18n } = useTranslation();
  const offset = useGuichetState((state) => state.offset);
  const retry = error.retryAt !== undefined ? formatTime(toLocalTime(error.retryAt, offset), i18n.language) : undefined;
  // A reason says precisely what was wrong; the generic "check what you typed" would only repeat it.
  const showCode = !(error.code === 'invalid-input' && error.reason);
  return (
    <>
      {showCode && <p className="alert-title">{t(`error.code.${error.code}`)}</p>}
      {error.reason && <p>{t(`error.reason.${error.reason}`)}</p>}
      {error.reasons && error.reasons.length > 0 && (
        <ul className="alert-list">
          {error.reasons.map((reason) => (
            <li key={reason}>{t(`policy.reason.${reason}`)}</li>
          ))}
        </ul>
      )}
      {retry && <p>{t('error.retryAt', { time: retry })}</p>}
      <HelpdeskContact compact />
    </>
  );
};
