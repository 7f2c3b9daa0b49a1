import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Graph stores phones as `+{country code} {national number}` and rejects anything else
 * (https://learn.microsoft.com/en-us/graph/api/resources/phoneauthenticationmethod).
 * Returns null when the E.164 input is not a valid number.
 */
export function toGraphPhone(e164: string): string | null {
  if (!/^\+[1-9]\d{6,14}$/.test(e164)) return null;
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed || !parsed.isValid()) return null;
  return `+${parsed.countryCallingCode} ${parsed.nationalNumber}`;
}

/**
 * Reads a number as Graph returns it (`+212 701071074`, sometimes `+212701071074`, with an optional `x123`
 * extension) back to E.164. Numbers written by other tools without a country code use the default country.
 */
export function fromGraphPhone(value: string, defaultCountry: string): string | null {
  const withoutExtension = value.replace(/x\d*$/i, '').trim();
  const parsed = parsePhoneNumberFromString(withoutExtension, defaultCountry.toUpperCase() as CountryCode);
  return parsed ? parsed.number : null;
}
