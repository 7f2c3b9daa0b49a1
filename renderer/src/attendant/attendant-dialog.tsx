import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendantStatus } from '../../../shared/attendant';
import { ErrorText } from '../components/error-message';
import { useGuichet, useGuichetState } from '../components/guichet-context';
import { Modal } from '../components/modal';
import { formatTime } from '../i18n/format';
import { OnScreenKeyboard } from '../keyboard/on-screen-keyboard';
import { toLocalTime } from '../state/clock';
import type { AttendantPanel } from './attendant-panel';

/** The attendant's PIN prompt, then the menu: status, reload the configuration, quit. */
export const AttendantDialog = () => {
  const guichet = useGuichet();
  const panel = useGuichetState((state) => state.attendant);
  const titleId = useId();
  return (
    <Modal open={panel !== undefined} onDismiss={guichet.closeAttendant} labelledBy={titleId} className="attendant">
      {panel?.mode === 'pin' && <PinPrompt panel={panel} titleId={titleId} />}
      {panel?.mode === 'menu' && <Menu panel={panel} titleId={titleId} />}
      {/* A modal dialog makes the page's own keyboard inert: a touchscreen attendant types the PIN with this one. */}
      {panel?.mode === 'pin' && <OnScreenKeyboard />}
    </Modal>
  );
};

const PanelError = ({ panel }: { panel: AttendantPanel }) => (
  <div role="alert" className={panel.error ? 'alert' : 'alert-empty'}>
    {panel.error && <ErrorText error={panel.error} />}
  </div>
);

const PinPrompt = ({ panel, titleId }: { panel: Extract<AttendantPanel, { mode: 'pin' }>; titleId: string }) => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const [pin, setPin] = useState('');
  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void guichet.submitPin(pin).then(() => setPin(''));
      }}
    >
      <h2 id={titleId} className="modal-title">
        {t('attendant.pin.title')}
      </h2>
      <p className="modal-body">{panel.purpose === 'captcha' ? t('attendant.pin.captcha') : t('attendant.pin.menu')}</p>
      <div className="field">
        <label htmlFor="attendant-pin">{t('attendant.pin.label')}</label>
        <input
          id="attendant-pin"
          className="input"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          dir="ltr"
          maxLength={64}
          value={pin}
          onChange={(event) => setPin(event.target.value)}
          aria-invalid={panel.error ? true : undefined}
          autoFocus
        />
      </div>
      <PanelError panel={panel} />
      <div className="actions">
        <button type="submit" className="button primary" aria-disabled={panel.busy || undefined}>
          {t('attendant.pin.submit')}
        </button>
        <button type="button" className="button" onClick={guichet.closeAttendant}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
};

const Menu = ({ panel, titleId }: { panel: Extract<AttendantPanel, { mode: 'menu' }>; titleId: string }) => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  return (
    <div className="attendant-menu">
      <h2 id={titleId} className="modal-title">
        {t('attendant.menu.title')}
      </h2>
      <StatusList status={panel.status} />
      <p role="status" className="modal-body">
        {panel.reloading ? t('attendant.menu.reloading') : ''}
      </p>
      <PanelError panel={panel} />
      <div className="actions">
        <button type="button" className="button" onClick={() => void guichet.refreshStatus()} aria-disabled={panel.busy || undefined}>
          {t('attendant.menu.refresh')}
        </button>
        <button type="button" className="button" onClick={() => void guichet.reloadConfig()} aria-disabled={panel.busy || undefined}>
          {t('attendant.menu.reload')}
        </button>
        <button type="button" className="button" onClick={() => void guichet.quitApp()} aria-disabled={panel.busy || undefined}>
          {t('attendant.menu.quit')}
        </button>
        <button type="button" className="button primary" onClick={guichet.closeAttendant} autoFocus>
          {t('attendant.menu.close')}
        </button>
      </div>
    </div>
  );
};

const StatusList = ({ status }: { status: AttendantStatus }) => {
  const { t, i18n } = useTranslation();
  const offset = useGuichetState((state) => state.offset);
  const time = (at: number) => formatTime(toLocalTime(at, offset), i18n.language);
  return (
    <dl className="status-list" data-testid="attendant-status">
      <dt>{t('attendant.status.version')}</dt>
      <dd dir="ltr">{status.version}</dd>
      <dt>{t('attendant.status.kiosk')}</dt>
      <dd dir="ltr">{status.kioskId}</dd>
      <dt>{t('attendant.status.backend')}</dt>
      <dd data-testid="attendant-backend">
        {status.backend.type} — {status.backend.reachable ? t('attendant.status.reachable') : t('attendant.status.unreachable')}
      </dd>
      <dt>{t('attendant.status.delivery')}</dt>
      <dd>
        <ul className="status-items">
          {status.delivery.map((c) => (
            <li key={c.channel}>
              {t(`attendant.channel.${c.channel}`)} ({c.provider}){c.lastSuccessAt !== undefined && ` — ${t('attendant.status.lastSuccess', { time: time(c.lastSuccessAt) })}`}
              {c.lastError && ` — ${t('attendant.status.lastError', { time: time(c.lastError.at) })} `}
              {c.lastError && <span dir="ltr">{c.lastError.detail}</span>}
            </li>
          ))}
        </ul>
      </dd>
      <dt>{t('attendant.status.lastErrors')}</dt>
      <dd>
        {status.lastErrors.length === 0 ? (
          t('attendant.status.none')
        ) : (
          <ul className="status-items">
            {status.lastErrors.map((e) => (
              <li key={`${e.at}-${e.event}`} dir="ltr">
                {time(e.at)} {e.event} {e.detail}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>{t('attendant.status.today')}</dt>
      <dd data-testid="attendant-today">{t('attendant.status.counts', { enrollments: status.today.enrollments, resets: status.today.resets })}</dd>
      {status.fleet !== undefined && (
        <>
          <dt>{t('attendant.status.fleet')}</dt>
          <dd data-testid="attendant-fleet">
            {status.fleet === null ? (
              t('attendant.status.fleetUnavailable')
            ) : (
              <>
                {t('attendant.status.counts', { enrollments: status.fleet.today.enrollments, resets: status.fleet.today.resets })}
                {' · '}
                {t('attendant.status.fleetDevices', { devices: status.fleet.devices })}
                {status.fleet.duplicates.length > 0 && <strong> · {t('attendant.status.fleetDuplicate', { ids: status.fleet.duplicates.join(', ') })}</strong>}
              </>
            )}
          </dd>
        </>
      )}
      <dt>{t('attendant.status.live')}</dt>
      <dd data-testid="attendant-live">{status.liveSessions}</dd>
    </dl>
  );
};
