import type { ReactNode } from 'react';

/** The screen title; focus moves here when the step changes, so screen readers start at the top of the new screen. */
export const Heading = ({ children }: { children: ReactNode }) => (
  <h1 className="title" tabIndex={-1}>
    {children}
  </h1>
);
