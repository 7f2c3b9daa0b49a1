import { useEffect, useRef } from 'react';
import type { i18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { AttendantDialog } from './attendant/attendant-dialog';
import { useAttendantKeys } from './attendant/use-attendant-keys';
import { AccountChip } from './components/account-chip';
import { GuichetProvider, useGuichet, useGuichetState } from './components/guichet-context';
import { HelpButton } from './components/help-button';
import { IdleOverlay } from './components/idle-overlay';
import { LanguageSwitch } from './components/language-switch';
import { OnScreenKeyboard } from './keyboard/on-screen-keyboard';
import { directionOf } from './i18n/i18n';
import type { Guichet } from './state/store';
import { StepScreen } from './screens/step-screen';

export const App = ({ guichet, i18n }: { guichet: Guichet; i18n: i18n }) => (
  <I18nextProvider i18n={i18n}>
    <GuichetProvider guichet={guichet}>
      <Shell />
    </GuichetProvider>
  </I18nextProvider>
);

/** The page: language switch, the card (header, account chip, the step's screen), the idle warning. */
const Shell = () => {
  const { t, i18n } = useTranslation();
  const view = useGuichetState((state) => state.view);
  const connection = useGuichetState((state) => state.connection);
  const pending = useGuichetState((state) => state.pending);
  const epoch = useGuichetState((state) => state.epoch);
  const card = useRef<HTMLElement>(null);
  const shown = useRef<string | undefined>(undefined);
  const stepName = view?.step.name;
  useActivityPings();
  useAttendantKeys();
  useDocument(view?.organization.name, view?.organization.primaryColor);

  // A new step: focus its first field when it has one to type into, else its title.
  useEffect(() => {
    const previous = shown.current;
    shown.current = stepName && `${stepName}:${epoch}`;
    if (!stepName || previous === undefined || previous === shown.current) return;
    const target = card.current?.querySelector<HTMLElement>('[data-autofocus]') ?? card.current?.querySelector<HTMLElement>('h1');
    target?.focus();
  }, [stepName, epoch]);

  const language = view?.locale ?? i18n.language;
  const dir = directionOf(language);

  if (connection === 'lost') {
    return (
      <div className="page" lang={language} dir={dir}>
        <main className="card" data-state="connection-lost">
          <h1 className="title">{t('app.lost.title')}</h1>
          <p className="lead" role="alert">
            {t('app.lost.body')}
          </p>
          <div className="actions">
            <button type="button" className="button primary" onClick={() => window.location.reload()}>
              {t('app.lost.reload')}
            </button>
          </div>
        </main>
      </div>
    );
  }

  if (!view) {
    return (
      <div className="page" lang={language} dir={dir}>
        <main className="card" data-state="loading" aria-busy="true">
          <p role="status">{t('app.loading')}</p>
        </main>
      </div>
    );
  }

  const { organization } = view;
  return (
    <div className="page" lang={language} dir={dir} data-kiosk={view.kiosk.enabled || undefined}>
      <header className="page-header">
        <LanguageSwitch />
      </header>
      <main ref={card} className={pending ? 'card busy' : 'card'} data-step={view.step.name} aria-busy={pending || undefined}>
        <div className="progress" aria-hidden="true" />
        <div className="card-header">
          <div className="brand">
            {organization.logo && <img className="logo" src={organization.logo} alt="" />}
            <span className="org-name">{organization.name}</span>
          </div>
          <HelpButton step={view.step.name} />
        </div>
        <AccountChip />
        <StepScreen key={epoch} step={view.step} />
      </main>
      <p className="sr-only" role="status">
        {pending ? t('app.busy') : ''}
      </p>
      <OnScreenKeyboard />
      <IdleOverlay />
      <AttendantDialog />
    </div>
  );
};

/** The window title and the organization's primary color (set through the CSSOM, which the CSP allows). */
const useDocument = (organization: string | undefined, primaryColor: string | undefined) => {
  const { t } = useTranslation();
  const title = organization ? t('app.title', { org: organization }) : undefined;
  useEffect(() => {
    if (title) document.title = title;
  }, [title]);
  useEffect(() => {
    const style = document.documentElement.style;
    if (primaryColor) style.setProperty('--primary', primaryColor);
    else style.removeProperty('--primary');
  }, [primaryColor]);
};

/** Visitor input keeps the session alive on the main side (throttled in the store). */
const useActivityPings = () => {
  const guichet = useGuichet();
  useEffect(() => {
    const onInput = () => guichet.activity();
    window.addEventListener('keydown', onInput, { capture: true, passive: true });
    window.addEventListener('pointerdown', onInput, { capture: true, passive: true });
    return () => {
      window.removeEventListener('keydown', onInput, { capture: true });
      window.removeEventListener('pointerdown', onInput, { capture: true });
    };
  }, [guichet]);
};
