import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import { FlowButton } from '../components/flow-button';
import { useGuichet, useGuichetState, usePending } from '../components/guichet-context';
import { Heading } from '../components/heading';
import { toLocalTime } from '../state/clock';
import type { Guichet } from '../state/store';
import type { StepOf } from './step-of';

const popupFeatures = 'popup,width=520,height=720';

/** Passes the end of the directory's page back to the main side, with the step token. Returns the unsubscribe function. */
export const followSignInPage = (guichet: Guichet): (() => void) =>
  guichet.on('signin-external', (end) => {
    if ('redirectUrl' in end) void guichet.flow('signin.external-complete', { redirectUrl: end.redirectUrl });
    else void guichet.flow('signin.external-cancel', { reason: end.closed });
  });
const closedCheckMs = 500;

/**
 * Sign-in on the directory's own page (Entra ID): the visitor opens it, signs in there (password, MFA, the
 * tenant's policies) and comes back on their own. The app's window shows the page (Electron), or this screen
 * opens it in a popup (browser host); either way the page's end arrives as a `signin-external` event, which is
 * passed back to the main side with the step token.
 */
export const SigninExternalScreen = ({ step }: { step: StepOf<'signin-external'> }) => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const pending = usePending();
  const offset = useGuichetState((state) => state.offset);
  const popup = useRef<Window | null>(null);
  // The page's end was reported: a popup that then closes itself is not a cancellation.
  const settled = useRef(false);
  const [blocked, setBlocked] = useState(false);

  useEffect(() => {
    const settle = guichet.on('signin-external', () => {
      settled.current = true;
    });
    const follow = followSignInPage(guichet);
    return () => {
      settle();
      follow();
    };
  }, [guichet]);

  // The popup's end that no redirect reports: closed by the visitor, or out of time.
  useEffect(() => {
    if (!step.popup || !step.waiting) return;
    const cancel = (reason: 'closed' | 'timeout') => {
      popup.current?.close();
      void guichet.flow('signin.external-cancel', { reason });
    };
    const watch = window.setInterval(() => {
      if (settled.current) return;
      if (!popup.current || popup.current.closed) cancel('closed');
    }, closedCheckMs);
    const deadline = window.setTimeout(() => cancel('timeout'), Math.max(0, toLocalTime(step.expiresAt, offset) - guichet.now()));
    return () => {
      window.clearInterval(watch);
      window.clearTimeout(deadline);
    };
  }, [guichet, step.popup, step.waiting, step.expiresAt, offset]);

  // Leaving the step (signed in, cancelled, wiped) closes the page with it.
  useEffect(
    () => () => {
      popup.current?.close();
      popup.current = null;
    },
    [],
  );

  const open = () => {
    if (pending) return;
    if (step.popup) {
      // Opened from the click itself, or the browser blocks it. The link between the two windows stays (no
      // `noopener`): it is what lets this screen close the page when the visitor cancels or time runs out, and the
      // popup only ever shows the tenant's sign-in pages and this host's own redirect page.
      popup.current = window.open(step.url, 'guichet-signin', popupFeatures);
      setBlocked(!popup.current);
      if (!popup.current) return;
      settled.current = false;
    }
    void guichet.flow('signin.external-open', {});
  };

  return (
    <>
      <Heading>{t('signin.title')}</Heading>
      {step.waiting ? (
        <p className="lead" role="status">
          {t('signin.external.waiting')}
        </p>
      ) : (
        <p className="lead">{t('signin.external.lead')}</p>
      )}
      {blocked && (
        <p className="alert" role="alert">
          {t('signin.external.popupBlocked')}
        </p>
      )}
      <ErrorMessage />
      <div className="actions">
        {!step.waiting && (
          <button type="button" className="button primary" aria-disabled={pending || undefined} onClick={open} data-autofocus>
            {t('signin.external.open')}
          </button>
        )}
        <FlowButton request="flow.back" payload={{}}>
          {t('common.cancel')}
        </FlowButton>
      </div>
    </>
  );
};
