import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepName } from '../../../shared/steps';
import { Modal } from './modal';

/** The "?" of every screen: a short help for the current step, in a dialog. */
export const HelpButton = ({ step }: { step: StepName }) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const titleId = useId();
  const bodyId = useId();
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-label={t('layout.help')}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">?</span>
      </button>
      <Modal open={open} onDismiss={() => setOpen(false)} labelledBy={titleId} describedBy={bodyId}>
        <h2 id={titleId} className="modal-title">
          {t('layout.helpTitle')}
        </h2>
        <p id={bodyId} className="modal-body">
          {t(`help.${step}`)}
        </p>
        <div className="actions">
          <button type="button" className="button primary" onClick={() => setOpen(false)} autoFocus>
            {t('layout.close')}
          </button>
        </div>
      </Modal>
    </>
  );
};
