import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocalSecondsUntil } from './countdown';
import { useGuichet, useGuichetState } from './guichet-context';
import { Modal } from './modal';

/** "Êtes-vous toujours là ?" with the main side's countdown; at zero the main side wipes the session itself. */
export const IdleOverlay = () => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const deadline = useGuichetState((state) => state.idleDeadline);
  const seconds = useLocalSecondsUntil(deadline);
  const titleId = useId();
  const bodyId = useId();
  return (
    <Modal open={deadline !== undefined} onDismiss={guichet.stillHere} labelledBy={titleId} describedBy={bodyId} role="alertdialog">
      <h2 id={titleId} className="modal-title">
        {t('idle.title')}
      </h2>
      <p id={bodyId} className="modal-body" role="timer">
        {t('idle.body', { seconds })}
      </p>
      <div className="actions">
        <button type="button" className="button primary" onClick={guichet.stillHere} autoFocus>
          {t('idle.continue')}
        </button>
        <button type="button" className="button" onClick={guichet.restart}>
          {t('idle.restart')}
        </button>
      </div>
    </Modal>
  );
};
