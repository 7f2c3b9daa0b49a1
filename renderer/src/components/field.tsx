import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { errorRegionId } from './error-message';
import { useGuichet } from './guichet-context';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'aria-describedby' | 'aria-invalid' | 'aria-required'> & {
  id: string;
  label: ReactNode;
  /** Where the seed puts the "*" of a required field: "* Saisissez…" or "E-mail … : *". */
  requiredMark?: 'start' | 'end';
  description?: ReactNode;
  /** The step's error is about this field: it is marked invalid and described by the error. */
  invalid?: boolean;
  /** Ids of more elements that describe the field (a live checklist, a strength meter). */
  describedBy?: string[];
  ref?: Ref<HTMLInputElement>;
};

/** A labelled text input with its description and error, as screen readers and `getByLabel` expect. */
export const Field = ({ id, label, requiredMark, description, invalid = false, describedBy = [], className, ref, onChange, ...input }: Props) => {
  const { t } = useTranslation();
  const guichet = useGuichet();
  const descriptionId = `${id}-description`;
  const describers = [description ? descriptionId : undefined, ...describedBy, invalid ? errorRegionId : undefined].filter(Boolean);
  const mark = (
    <span className="required-mark" aria-hidden="true">
      {t('common.requiredMark')}
    </span>
  );
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>
        {requiredMark === 'start' && mark}
        {label}
        {requiredMark === 'end' && mark}
      </label>
      {description && (
        <p id={descriptionId} className="field-description">
          {description}
        </p>
      )}
      <input
        ref={ref}
        id={id}
        className="input"
        aria-required={requiredMark ? true : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describers.length > 0 ? describers.join(' ') : undefined}
        onChange={(event) => {
          guichet.editing();
          onChange?.(event);
        }}
        {...input}
      />
    </div>
  );
};
