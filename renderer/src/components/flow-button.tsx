import type { ReactNode } from 'react';
import type { FlowPayload, FlowRequest } from '../state/store';
import { useGuichet, usePending } from './guichet-context';

/** `inline` is a link inside a sentence, exempt from the 44 px target size like any inline link. */
type Variant = 'primary' | 'secondary' | 'link' | 'inline';

export const buttonClass = (variant: Variant): string =>
  variant === 'primary' ? 'button primary' : variant === 'link' ? 'link-button' : variant === 'inline' ? 'link-button inline' : 'button';

type Props<K extends FlowRequest> = {
  request: K;
  payload: FlowPayload<K>;
  variant?: Variant;
  /** Really unavailable ("terminer" before the minimum is met); a request in flight only sets `aria-disabled`. */
  disabled?: boolean;
  describedBy?: string;
  children: ReactNode;
};

/**
 * One bridge request on click. While a request is in flight the button stays focusable (`aria-disabled`), so a
 * keyboard user's focus is not dropped; the store ignores the click anyway.
 */
export const FlowButton = <K extends FlowRequest>({ request, payload, variant = 'secondary', disabled, describedBy, children }: Props<K>) => {
  const guichet = useGuichet();
  const pending = usePending();
  return (
    <button
      type="button"
      className={buttonClass(variant)}
      disabled={disabled}
      aria-disabled={pending || undefined}
      aria-describedby={describedBy}
      onClick={() => void guichet.flow(request, payload)}
    >
      {children}
    </button>
  );
};

/** The submit button of a step's form, with the same in-flight behaviour. */
export const SubmitButton = ({ variant = 'primary', children }: { variant?: Variant; children: ReactNode }) => {
  const pending = usePending();
  return (
    <button type="submit" className={buttonClass(variant)} aria-disabled={pending || undefined}>
      {children}
    </button>
  );
};
