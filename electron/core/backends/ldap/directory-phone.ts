import { graphPhone, parsePhone } from '../../../../shared/phone';

export type PhoneFormat = 'e164' | 'international';

/**
 * Directories hold phones typed by people and tools over the years: "0612345678", "+212 6 12 34 56 78",
 * "00212612345678"… Each value is read with the configured default country; the first that is a valid
 * mobile wins. Anything else (a landline, a typo) counts as no phone, so enrollment offers to register one.
 */
export function readDirectoryPhone(values: readonly string[], defaultCountry: string): string | undefined {
  for (const value of values) {
    const parsed = parsePhone(value, defaultCountry);
    if (parsed.ok) return parsed.e164;
  }
  return undefined;
}

/** The value written to the directory for an E.164 number. */
export function writeDirectoryPhone(e164: string, format: PhoneFormat): string {
  if (!/^\+[1-9]\d{6,14}$/.test(e164)) throw new RangeError('expected an E.164 phone number');
  return format === 'e164' ? e164 : graphPhone(e164);
}
