import { describe, expect, it } from 'vitest';
import { decoyEmailHint, decoyPhoneHint, maskEmail, maskPhone } from './mask';

const phoneShape = /^\*{5}\d{2}$/;
const emailShape = /^[a-z]\*{4}@[a-z]\*{4}\.[a-z]{2,}$/;

describe('maskPhone', () => {
  it.each([
    ['+212701071074', '*****74'],
    ['+33612345678', '*****78'],
    ['+212 701071074', '*****74'],
    ['+12015550100', '*****00'],
  ])('%s → %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
});

describe('maskEmail', () => {
  it.each([
    ['salma.perso@gmail.com', 's****@g****.com'],
    ['Youssef.B@Outlook.FR', 'y****@o****.fr'],
    ['k@yahoo.fr', 'k****@y****.fr'],
    ['ana@mail.example.co.uk', 'a****@m****.uk'],
    ['a+b@weird@um6ss.ma', 'a****@u****.ma'],
    ['élodie@laposte.net', 'é****@l****.net'],
  ])('%s → %s', (input, expected) => {
    expect(maskEmail(input)).toBe(expected);
  });

  it('never shows more than two letters of the address', () => {
    const masked = maskEmail('salma.perso@gmail.com');
    expect(masked).not.toContain('alma');
    expect(masked).not.toContain('mail');
  });
});

const providers = ['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.fr'];

function bytesOf(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

describe('decoy hints', () => {
  it('are deterministic for the same bytes', () => {
    const bytes = bytesOf(12, 200, 7, 99, 1, 2);
    expect(decoyPhoneHint(bytes)).toBe(decoyPhoneHint(Uint8Array.from(bytes)));
    expect(decoyEmailHint(bytes, providers)).toBe(decoyEmailHint(Uint8Array.from(bytes), providers));
  });

  it('derive the digits from the bytes', () => {
    expect(decoyPhoneHint(bytesOf(0, 74))).toBe('*****74');
    expect(decoyPhoneHint(bytesOf(0, 5))).toBe('*****05');
    expect(decoyPhoneHint(bytesOf(1, 0))).toBe('*****56'); // 256 % 100
  });

  it('have the shape of real hints', () => {
    expect(maskPhone('+212701071074')).toMatch(phoneShape);
    expect(maskEmail('salma.perso@gmail.com')).toMatch(emailShape);
    for (let i = 0; i < 256; i++) {
      const bytes = bytesOf(i, (i * 37) & 255, (i * 91) & 255, (i * 13) & 255);
      expect(decoyPhoneHint(bytes)).toMatch(phoneShape);
      expect(decoyEmailHint(bytes, providers)).toMatch(emailShape);
    }
  });

  it('draw their domains from the given list only and vary with the bytes', () => {
    const hints = new Set<string>();
    const domains = new Set<string>();
    // Stands in for the HMAC bytes the main side passes.
    let state = 0x9e3779b9;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state & 255;
    };
    for (let i = 0; i < 512; i++) {
      const hint = decoyEmailHint(bytesOf(next(), next(), next(), next()), providers);
      hints.add(hint);
      domains.add(hint.split('@')[1]);
    }
    expect(hints.size).toBeGreaterThan(50);
    expect([...domains].sort()).toEqual(['g****.com', 'h****.com', 'o****.com', 'y****.fr']);
  });

  it('need enough bytes', () => {
    expect(() => decoyPhoneHint(bytesOf(1))).toThrow(RangeError);
    expect(() => decoyEmailHint(bytesOf(1, 2, 3), providers)).toThrow(RangeError);
    expect(() => decoyEmailHint(bytesOf(1, 2, 3, 4), [])).toThrow(RangeError);
  });
});
