import { describe, expect, it } from 'vitest';
import { countryOptions, formatAsYouType, graphPhone, parsePhone } from './phone';

describe('parsePhone accepts mobiles however they are typed', () => {
  it.each([
    // input, default country, E.164, country
    ['0701071074', 'MA', '+212701071074', 'MA'],
    ['701071074', 'MA', '+212701071074', 'MA'],
    ['+212 701-071-074', 'MA', '+212701071074', 'MA'],
    ['00212701071074', 'MA', '+212701071074', 'MA'],
    ['212701071074', 'MA', '+212701071074', 'MA'],
    ['+212 0701071074', 'MA', '+212701071074', 'MA'],
    ['  07.01.07.10.74  ', 'MA', '+212701071074', 'MA'],
    ['+212 6 12 34 56 78', 'MA', '+212612345678', 'MA'],
    ['06 12 34 56 78', 'MA', '+212612345678', 'MA'],
    ['06 12 34 56 78', 'FR', '+33612345678', 'FR'],
    ['+33 (0)6 12 34 56 78', 'FR', '+33612345678', 'FR'],
    ['07 81 23 45 67', 'FR', '+33781234567', 'FR'],
    ['0033 6 12 34 56 78', 'MA', '+33612345678', 'FR'],
    ['(201) 555-0123', 'US', '+12015550123', 'US'],
    ['011 212 701071074', 'US', '+212701071074', 'MA'],
    // "00" is not the international prefix in the US; still read as one.
    ['00212701071074', 'US', '+212701071074', 'MA'],
    ['612 34 56 78', 'ES', '+34612345678', 'ES'],
    ['+34 612345678', 'MA', '+34612345678', 'ES'],
    ['77 123 45 67', 'SN', '+221771234567', 'SN'],
    ['+221 77 123 45 67', 'MA', '+221771234567', 'SN'],
    ['+44 7400 123456', 'MA', '+447400123456', 'GB'],
    ['0701071074', 'ma', '+212701071074', 'MA'],
  ])('%s with %s → %s', (input, country, e164, parsedCountry) => {
    expect(parsePhone(input, country)).toEqual({ ok: true, e164, country: parsedCountry, international: graphPhone(e164) });
  });
});

describe('parsePhone refuses', () => {
  it.each([
    ['0522123456', 'MA', 'phone-not-mobile'],
    ['+212 5 22 00 00 00', 'FR', 'phone-not-mobile'],
    ['01 42 68 53 00', 'FR', 'phone-not-mobile'],
    ['91 234 56 78', 'ES', 'phone-not-mobile'],
    ['33 823 45 67', 'SN', 'phone-not-mobile'],
    ['+800 1234 5678', 'MA', 'phone-not-mobile'],
    ['0912345678', 'MA', 'phone-invalid'],
    ['0612', 'MA', 'phone-invalid'],
    ['06123456789012', 'MA', 'phone-invalid'],
    ['abc', 'MA', 'phone-invalid'],
    ['', 'MA', 'phone-invalid'],
    ['+', 'MA', 'phone-invalid'],
    ['+212 6 12 34 56 78 ext. 12', 'MA', 'phone-invalid'],
    // An unknown default country leaves only international forms readable.
    ['0701071074', 'XX', 'phone-invalid'],
  ])('%s with %s → %s', (input, country, reason) => {
    expect(parsePhone(input, country)).toEqual({ ok: false, reason });
  });
});

describe('parsePhone with allowed countries', () => {
  it('accepts a number of an allowed country, in any case', () => {
    expect(parsePhone('0701071074', 'MA', ['fr', 'ma'])).toMatchObject({ ok: true, country: 'MA' });
  });
  it('refuses a mobile of another country', () => {
    expect(parsePhone('+33 6 12 34 56 78', 'MA', ['MA'])).toEqual({ ok: false, reason: 'phone-country-not-allowed' });
  });
  it('says the country is not allowed before judging the kind of line', () => {
    expect(parsePhone('+33 1 42 68 53 00', 'MA', ['MA'])).toEqual({ ok: false, reason: 'phone-country-not-allowed' });
  });
  it('still says garbage is invalid', () => {
    expect(parsePhone('12', 'MA', ['MA'])).toEqual({ ok: false, reason: 'phone-invalid' });
  });
  it('tells countries that share a calling code apart', () => {
    // +1 242 is the Bahamas, not the United States.
    expect(parsePhone('+1 242 359 1234', 'US', ['US'])).toEqual({ ok: false, reason: 'phone-country-not-allowed' });
  });
});

describe('graphPhone', () => {
  it.each([
    ['+212701071074', '+212 701071074'],
    ['+33612345678', '+33 612345678'],
    ['+12015550123', '+1 2015550123'],
    ['+212 701071074', '+212 701071074'],
  ])('%s → %s', (input, expected) => {
    expect(graphPhone(input)).toBe(expected);
  });
  it('throws on something that is not an international number', () => {
    expect(() => graphPhone('hello')).toThrow(RangeError);
  });
});

describe('countryOptions', () => {
  it('keeps the configured order, drops unknown and repeated codes', () => {
    expect(countryOptions(['ma', 'FR', 'XX', 'MA', 'SN'])).toEqual([
      { code: 'MA', dial: '+212' },
      { code: 'FR', dial: '+33' },
      { code: 'SN', dial: '+221' },
    ]);
  });
  it('lists every country the metadata knows, sorted by code', () => {
    const all = countryOptions();
    expect(all.length).toBeGreaterThan(200);
    expect(all.map((c) => c.code)).toEqual([...all.map((c) => c.code)].sort());
    expect(all).toContainEqual({ code: 'MA', dial: '+212' });
    expect(all).toContainEqual({ code: 'US', dial: '+1' });
    expect(all.every((c) => /^[A-Z]{2}$/.test(c.code) && /^\+\d{1,3}$/.test(c.dial))).toBe(true);
  });
});

describe('formatAsYouType', () => {
  it.each([
    ['0701071074', 'MA', '07 01 07 10 74'],
    ['+212701071074', 'MA', '+212 7 01 07 10 74'],
    ['0612345678', 'FR', '06 12 34 56 78'],
    ['+33612', 'MA', '+33 6 12'],
    ['2015550123', 'US', '(201) 555-0123'],
  ])('%s in %s → %s', (input, country, expected) => {
    expect(formatAsYouType(input, country)).toBe(expected);
  });
});
