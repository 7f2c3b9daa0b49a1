import { useEffect, useState } from 'react';

type Format = (input: string, country: string) => string;

let loaded: Format | undefined;
let loading: Promise<Format> | undefined;

/** libphonenumber-js and its metadata load with the phone screen, not with the first screen. */
const loadPhoneFormatter = (): Promise<Format> =>
  (loading ??= import('../../../shared/phone').then((phone) => (loaded = phone.formatAsYouType)));

/** The as-you-type formatter once loaded; until then, input is taken as typed. */
export const usePhoneFormatter = (): Format | undefined => {
  const [format, setFormat] = useState<Format | undefined>(() => loaded);
  useEffect(() => {
    if (format) return;
    let live = true;
    void loadPhoneFormatter().then((loadedFormat) => {
      if (live) setFormat(() => loadedFormat);
    });
    return () => {
      live = false;
    };
  }, [format]);
  return format;
};
