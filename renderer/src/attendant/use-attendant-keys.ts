import { useEffect } from 'react';
import { matchesAccelerator, parseAccelerator } from '../../../shared/accelerator';
import { useGuichet, useGuichetState } from '../components/guichet-context';

const platform = () => (/Mac/.test(globalThis.navigator?.userAgent ?? '') ? 'darwin' : 'other');

/** Opens the attendant's PIN prompt on `kiosk.attendantKeys`, which the view only carries when a PIN is configured. */
export const useAttendantKeys = () => {
  const guichet = useGuichet();
  const keys = useGuichetState((state) => state.view?.kiosk.attendantKeys);
  useEffect(() => {
    const accelerator = keys ? parseAccelerator(keys, platform()) : null;
    if (!accelerator) return;
    const onKey = (event: KeyboardEvent) => {
      const press = { key: event.key, code: event.code, control: event.ctrlKey, alt: event.altKey, shift: event.shiftKey, meta: event.metaKey };
      if (!matchesAccelerator(press, accelerator)) return;
      event.preventDefault();
      guichet.openAttendant('menu');
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [guichet, keys]);
};
