import {
  AsYouType,
  Metadata,
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/mobile';
import type { CountryOption } from './steps';

// The "mobile" metadata knows, per country, the general pattern of any valid number and the pattern of mobile
// numbers only, which is exactly what is needed to refuse a fixed line. It is about half the size of "max",
// and the renderer loads this module too.

export type PhoneCheck =
  | { ok: true; e164: string; country: string; international: string }
  | { ok: false; reason: 'phone-invalid' | 'phone-not-mobile' | 'phone-country-not-allowed' };

type PlanWithPattern = { nationalNumberPattern(): string };

const generalPatterns = new Map<string, RegExp>();

/** Whether the national number is a valid number of some type (fixed line, mobile, toll free…) in that country. */
function isKnownNumber(country: CountryCode, nationalNumber: string): boolean {
  let pattern = generalPatterns.get(country);
  if (!pattern) {
    const metadata = new Metadata();
    metadata.selectNumberingPlan(country);
    // The typings leave this accessor out, but the library uses it for its own validation.
    const plan = metadata.numberingPlan as unknown as PlanWithPattern;
    pattern = new RegExp(`^(?:${plan.nationalNumberPattern()})$`);
    generalPatterns.set(country, pattern);
  }
  return pattern.test(nationalNumber);
}

/** Whether `code` names a region libphonenumber-js knows (ISO 3166-1 alpha-2, any case), as the app reads it. */
export function isKnownCountry(code: string): boolean {
  return toCountry(code) !== undefined;
}

function toCountry(code: string | undefined): CountryCode | undefined {
  const upper = code?.toUpperCase();
  return upper && isSupportedCountry(upper) ? upper : undefined;
}

/**
 * Parses what a visitor typed. "00" is the international prefix across Africa and Europe but not everywhere
 * (North America dials 011), so when the default country does not read it that way, it is tried as "+".
 */
function parseLoose(input: string, defaultCountry: string): PhoneNumber | undefined {
  const country = toCountry(defaultCountry);
  const text = input.trim();
  const parsed = parsePhoneNumberFromString(text, country);
  if (parsed?.isPossible()) return parsed;
  const compact = text.replace(/[\s.\-()/]/g, '');
  if (compact.startsWith('00')) {
    const retried = parsePhoneNumberFromString(`+${compact.slice(2)}`, country);
    if (retried?.isPossible()) return retried;
  }
  return parsed;
}

function isMobile(phone: PhoneNumber): boolean {
  const type = phone.getType();
  return phone.isValid() && (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE');
}

export function parsePhone(input: string, defaultCountry: string, allowedCountries?: string[]): PhoneCheck {
  const phone = parseLoose(input, defaultCountry);
  if (!phone || phone.ext || !phone.isPossible()) return { ok: false, reason: 'phone-invalid' };
  const country = phone.country;
  if (!country) {
    // A calling code shared by no country (+800, +882…) or digits valid for none of its countries.
    return { ok: false, reason: phone.isValid() ? 'phone-not-mobile' : 'phone-invalid' };
  }
  if (allowedCountries && !allowedCountries.some((c) => c.toUpperCase() === country)) {
    return { ok: false, reason: 'phone-country-not-allowed' };
  }
  if (!isMobile(phone)) {
    return { ok: false, reason: isKnownNumber(country, phone.nationalNumber) ? 'phone-not-mobile' : 'phone-invalid' };
  }
  return { ok: true, e164: phone.number, country, international: graphPhone(phone.number) };
}

/**
 * "+212 701071074": calling code, one space, national significant number. Microsoft Graph stores
 * authentication phones this way, and the security info page shows them so.
 * Throws on a value that is not an international number: callers pass numbers they stored themselves.
 */
export function graphPhone(e164: string): string {
  const phone = parsePhoneNumberFromString(e164.trim());
  if (!phone) throw new RangeError('not an international phone number');
  return `+${phone.countryCallingCode} ${phone.nationalNumber}`;
}

/** Countries a visitor may pick, keeping the configured order (the first is the usual one); all known ones by code otherwise. */
export function countryOptions(allowed?: string[]): CountryOption[] {
  const codes = allowed
    ? [...new Set(allowed.map(toCountry).filter((c): c is CountryCode => c !== undefined))]
    : [...getCountries()].sort();
  return codes.map((code) => ({ code, dial: `+${getCountryCallingCode(code)}` }));
}

export function formatAsYouType(input: string, country: string): string {
  return new AsYouType(toCountry(country)).input(input);
}
