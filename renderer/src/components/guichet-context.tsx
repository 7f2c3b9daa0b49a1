import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { View } from '../../../shared/steps';
import type { Guichet, GuichetState } from '../state/store';

const GuichetContext = createContext<Guichet | null>(null);

export const GuichetProvider = ({ guichet, children }: { guichet: Guichet; children: ReactNode }) => (
  <GuichetContext.Provider value={guichet}>{children}</GuichetContext.Provider>
);

export const useGuichet = (): Guichet => {
  const guichet = useContext(GuichetContext);
  if (!guichet) throw new Error('useGuichet outside GuichetProvider');
  return guichet;
};

export const useGuichetState = <T,>(selector: (state: GuichetState) => T): T => useStore(useGuichet().store, selector);

/** The current view; screens only render once one has arrived. */
export const useView = (): View => {
  const view = useGuichetState((state) => state.view);
  if (!view) throw new Error('no view yet');
  return view;
};

export const usePending = (): boolean => useGuichetState((state) => state.pending);
