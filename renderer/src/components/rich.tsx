import { Fragment, type ReactNode } from 'react';

// Private-use characters: never in a translation, never typed by a visitor into a value that reaches a slot.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const SLOT = /\uE000(\w+)\uE001/;

/**
 * A placeholder to pass as an interpolation value, replaced by a React node afterwards: values the visitor typed
 * or the main side sent stay text nodes (never parsed as markup), and can carry `dir="ltr"`.
 */
export const slot = (name: string): string => `${OPEN}${name}${CLOSE}`;

export const Rich = ({ text, slots }: { text: string; slots: Record<string, ReactNode> }) => (
  <>
    {text.split(SLOT).map((part, index) => (
      <Fragment key={index}>{index % 2 === 1 ? slots[part] : part}</Fragment>
    ))}
  </>
);

/** Phone numbers, codes and addresses read left to right, also inside Arabic text. */
export const Ltr = ({ children, className }: { children: ReactNode; className?: string }) => (
  <bdi dir="ltr" className={className}>
    {children}
  </bdi>
);
