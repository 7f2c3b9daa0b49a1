import { describe, expect, it } from 'vitest';
import { readDirectoryPhone, writeDirectoryPhone } from './directory-phone';

describe('readDirectoryPhone', () => {
  it.each([
    ['0612345678', '+212612345678'],
    ['06 12 34 56 78', '+212612345678'],
    ['+212 6 12 34 56 78', '+212612345678'],
    ['00212612345678', '+212612345678'],
    ['+212612345678', '+212612345678'],
    ['+212 701071074', '+212701071074'],
    ['+33 6 12 34 56 78', '+33612345678'],
  ])('reads %s as %s with default country MA', (stored, e164) => {
    expect(readDirectoryPhone([stored], 'MA')).toBe(e164);
  });

  it('uses the default country for national numbers', () => {
    expect(readDirectoryPhone(['06 12 34 56 78'], 'FR')).toBe('+33612345678');
  });

  it('skips landlines and garbage, keeping the first mobile', () => {
    expect(readDirectoryPhone(['0522123456', 'n/a', '0701071074'], 'MA')).toBe('+212701071074');
    expect(readDirectoryPhone(['0522123456'], 'MA')).toBeUndefined();
    expect(readDirectoryPhone([], 'MA')).toBeUndefined();
  });
});

describe('writeDirectoryPhone', () => {
  it('writes E.164 or the international form', () => {
    expect(writeDirectoryPhone('+212701071074', 'e164')).toBe('+212701071074');
    expect(writeDirectoryPhone('+212701071074', 'international')).toBe('+212 701071074');
  });

  it('refuses anything that is not E.164', () => {
    expect(() => writeDirectoryPhone('0701071074', 'e164')).toThrow(RangeError);
  });
});
