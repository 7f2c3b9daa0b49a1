import { Fragment, type ReactNode } from 'react';

const OPEN = '\u0002';
const CLOSE = '\u0003';
const SLOT = /\u0002(\w+)\u0003/;

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
export const Ltr = ({ children }: { children: ReactNode }) => <bdi dir="ltr">{children}</bdi>;
