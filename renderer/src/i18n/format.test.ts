import { describe, expect, it } from 'vitest';
import { countryName, dialCode, formatTime } from './format';

describe('format', () => {
  it('marks a dial code left to right, with or without its "+"', () => {
    expect(dialCode('+212')).toBe('\u200E+\u200E212');
    expect(dialCode('33')).toBe('\u200E+\u200E33');
  });

  it('names countries in the UI language', () => {
    expect(countryName('MA', 'fr')).toBe('Maroc');
    expect(countryName('MA', 'en')).toBe('Morocco');
    expect(countryName('MA', 'ar')).toBe('المغرب');
  });

  it('formats times with Western digits, also in Arabic', () => {
    const time = formatTime(Date.UTC(2025, 0, 1, 9, 5), 'ar');
    expect(time).toMatch(/\d/);
    expect(time).not.toMatch(/[\u0660-\u0669]/);
  });
});
