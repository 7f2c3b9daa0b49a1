import { useEffect, useRef, type ReactNode } from 'react';

type Props = {
  open: boolean;
  /** Escape or the close button; the dialog itself never decides to close. */
  onDismiss: () => void;
  labelledBy: string;
  describedBy?: string;
  role?: 'dialog' | 'alertdialog';
  className?: string;
  children: ReactNode;
};

/**
 * A native modal `<dialog>`: `showModal()` makes the rest of the page inert (focus stays inside), Escape fires
 * `cancel`, and closing returns focus to where it was.
 */
export const Modal = ({ open, onDismiss, labelledBy, describedBy, role = 'dialog', className, children }: Props) => {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-modal="true"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      className={['modal', className].filter(Boolean).join(' ')}
      onCancel={(event) => {
        event.preventDefault();
        onDismiss();
      }}
    >
      {open && children}
    </dialog>
  );
};
