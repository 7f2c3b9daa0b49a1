import { describe, expect, it } from 'vitest';
import { fromGraphPhone, toGraphPhone } from './graph-phone';

describe('toGraphPhone', () => {
  it('writes E.164 numbers as +{country code} {national number}', () => {
    expect(toGraphPhone('+212701071074')).toBe('+212 701071074');
    expect(toGraphPhone('+33612345678')).toBe('+33 612345678');
    expect(toGraphPhone('+14155552671')).toBe('+1 4155552671');
  });

  it('returns null for anything that is not a valid E.164 number', () => {
    for (const bad of ['0701071074', '212701071074', '+212 701071074', '+2127', '+21270107107499999', '+212000000000', '', 'abc']) {
      expect(toGraphPhone(bad)).toBeNull();
    }
  });
});

describe('fromGraphPhone', () => {
  it('reads the numbers Graph returns back to E.164, extension dropped', () => {
    expect(fromGraphPhone('+212 701071074', 'MA')).toBe('+212701071074');
    expect(fromGraphPhone('+212701071074', 'MA')).toBe('+212701071074');
    expect(fromGraphPhone('+1 4155552671x123', 'MA')).toBe('+14155552671');
  });

  it('uses the default country for numbers stored without one, and null for garbage', () => {
    expect(fromGraphPhone('0701071074', 'MA')).toBe('+212701071074');
    expect(fromGraphPhone('0612345678', 'fr')).toBe('+33612345678');
    expect(fromGraphPhone('not a number', 'MA')).toBeNull();
  });
});
