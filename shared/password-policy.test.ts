import { describe, expect, it } from 'vitest';
import { bannedPasswords } from './banned-passwords';
import type { PolicyReason } from './errors';
import { checkPassword, passwordPresets, type PasswordContext } from './password-policy';

const entra: PasswordContext = {
  preset: 'entra',
  username: 'salma.benali@um6ss.ma',
  displayName: 'Salma Benali',
  bannedTerms: ['UM6SS', 'Université Mohammed VI des Sciences et de la Santé'],
};
const nist: PasswordContext = { ...entra, preset: 'nist' };

describe('checkPassword, Entra preset', () => {
  it.each<[string, PolicyReason[]]>([
    ['Kx9#mPq2vL', []],
    ['kx9#mpq2vl', []],
    ['Tr0ub4dor&3', []],
    ['Hx7$qz!Lm2', []],
    ['Ilove€Cats7', []],
    ['Kawtar#Blue8', []],
    ['Élodie2024?', []],
    ['Gz7 rainy tulips', []],
    ['', ['too-short', 'categories']],
    ['Ab1!', ['too-short']],
    ['Ab1!xyz', ['too-short']],
    ['KX9MPQ2VL', ['categories']],
    ['kx9mpq2vl', ['categories']],
    ['correct horse battery staple', ['categories']],
    ['a'.repeat(257), ['too-long', 'categories', 'banned']],
    ['P@ssw0rd2024!', ['banned']],
    ['Passw0rd', ['banned']],
    ['Passwor!1', ['banned']],
    ['Passwordd1!', ['banned']],
    ['Ｐａｓｓｗｏｒｄ1!', ['banned']],
    ['Azerty123', ['banned']],
    ['@zerty123', ['banned']],
    ['!123QWE2024', ['banned']],
    ['Motdepasse!', ['banned']],
    ['mot de passe 2024', ['banned']],
    ['Bienvenue2024', ['banned']],
    ['S0leil#2025', ['banned']],
    ['Maroc2025!', ['banned']],
    ['Casablanca#1', ['banned']],
    ['Qwerty!234', ['banned']],
    ['Jetaime<3', ['banned']],
    ['Dragon!!99', ['banned']],
    ['1234567890', ['categories', 'banned']],
    ['Azerty!Azerty!', ['banned']],
    ['Abc!Abc!Abc!', ['banned']],
    ['Um6ss!Rabat9', ['banned']],
    ['Sant3#Bio9z', ['banned']],
    ['Sciences!2024', ['banned']],
    ['Salma2024!x', ['contains-name']],
    ['S@lma!Rocks', ['contains-name']],
    ['Xy.Benali9', ['contains-name']],
    ['Salma.Benali!9', ['contains-username', 'contains-name']],
    ['salma.benali', ['categories', 'contains-username', 'contains-name']],
    // A common first name too.
    ['Salma2024', ['contains-name', 'banned']],
  ])('%j → %j', (password, reasons) => {
    const result = checkPassword(password, entra);
    expect(result.reasons).toEqual(reasons);
    expect(result.ok).toBe(reasons.length === 0);
  });

  it('lists each category with the overall rule', () => {
    const result = checkPassword('gnarlyfox1', { ...entra, bannedTerms: [] });
    expect(result.rules).toEqual([
      { id: 'length', met: true },
      { id: 'lower', met: true },
      { id: 'upper', met: false },
      { id: 'digit', met: true },
      { id: 'symbol', met: false },
      { id: 'categories', met: false },
      { id: 'no-username', met: true },
      { id: 'not-banned', met: true },
    ]);
  });

  it('marks the username and banned rules unmet', () => {
    const rules = checkPassword('Salma.Benali!2024', entra).rules;
    expect(rules.find((r) => r.id === 'no-username')).toEqual({ id: 'no-username', met: false });
    expect(checkPassword('Azerty123', entra).rules.find((r) => r.id === 'not-banned')).toEqual({ id: 'not-banned', met: false });
  });

  it('accepts exactly 8 and 256 characters', () => {
    expect(checkPassword('Kx9#mPq2', entra).reasons).toEqual([]);
    const long = 'Kx9#mPq2vLr7'.padEnd(256, 'zT4&wq9Rj2Hb');
    expect(Array.from(long)).toHaveLength(256);
    expect(checkPassword(long, entra).reasons).toEqual([]);
    expect(checkPassword(`${long}x`, entra).reasons).toEqual(['too-long']);
  });

  it('counts characters, not UTF-16 units', () => {
    // Seven characters, nine UTF-16 units.
    expect(checkPassword('Kx9#m😀😀', entra).reasons).toEqual(['too-short']);
  });

  it('ignores a username local part and name parts too short to mean anything', () => {
    const context: PasswordContext = { preset: 'entra', username: 'al@um6ss.ma', displayName: 'Al Bo', bannedTerms: [] };
    expect(checkPassword('Alboran!Sea7', context).reasons).toEqual([]);
  });

  it('reads a DOMAIN\\user username', () => {
    const context: PasswordContext = { preset: 'entra', username: 'UM6SS\\ybenjelloun', displayName: '', bannedTerms: [] };
    expect(checkPassword('Ybenjelloun#7', context).reasons).toEqual(['contains-username']);
  });

  it('bans organization terms anywhere in the password, and within one edit', () => {
    const context: PasswordContext = { preset: 'entra', username: 'x@y.ma', displayName: '', bannedTerms: ['Guichet'] };
    expect(checkPassword('MyGu1chet!Pass7', context).reasons).toEqual(['banned']);
    expect(checkPassword('Guichett!7', context).reasons).toEqual(['banned']);
    expect(checkPassword('Kx9#mPq2vL', context).reasons).toEqual([]);
  });

  it('ignores organization terms shorter than four characters', () => {
    const context: PasswordContext = { preset: 'entra', username: 'x@y.ma', displayName: '', bannedTerms: ['UM', 'Kx'] };
    expect(checkPassword('Kx9#mPq2vL', context).reasons).toEqual([]);
  });

  it('falls back to Entra for an unknown preset', () => {
    const context = { ...entra, preset: 'other' } as unknown as PasswordContext;
    expect(checkPassword('Ab1!', context).reasons).toEqual(['too-short']);
  });
});

describe('checkPassword, NIST preset', () => {
  it.each<[string, PolicyReason[]]>([
    ['correct horse battery staple', []],
    ['grand soleil sur le maroc', []],
    ['fifteen chars!!', []],
    ['fourteen chars', ['too-short']],
    ['Kx9#mPq2vL', ['too-short']],
    ['motdepasse2024!!', ['banned']],
    ['azertyazertyaze', ['banned']],
    ['Salma benali was here', ['contains-name']],
    ['x'.repeat(257), ['too-long', 'banned']],
  ])('%j → %j', (password, reasons) => {
    expect(checkPassword(password, nist).reasons).toEqual(reasons);
  });

  it('has no composition rules', () => {
    expect(checkPassword('onlylowercaseletters', nist).rules).toEqual([
      { id: 'length', met: true },
      { id: 'no-username', met: true },
      { id: 'not-banned', met: true },
    ]);
    expect(passwordPresets.nist).toEqual({ min: 15, max: 256, categories: 0 });
  });
});

describe('banned list', () => {
  it('is lowercase, without duplicates, and a useful size', () => {
    expect(bannedPasswords.length).toBeGreaterThanOrEqual(500);
    expect(bannedPasswords.length).toBeLessThanOrEqual(1500);
    expect(new Set(bannedPasswords).size).toBe(bannedPasswords.length);
    expect(bannedPasswords.every((w) => w === w.toLowerCase())).toBe(true);
  });

  it('holds the French and Moroccan classics', () => {
    for (const word of ['azerty', 'motdepasse', 'bienvenue', 'soleil', 'maroc', 'casablanca']) {
      expect(bannedPasswords).toContain(word);
    }
  });

  it('refuses every entry, and every word entry dressed up to pass the composition rules', () => {
    for (const word of bannedPasswords) {
      expect(checkPassword(word, { ...nist, bannedTerms: [] }).rules.at(-1)).toEqual({ id: 'not-banned', met: false });
      // Digits added to a number make another number; only entries that end in a letter can be dressed up.
      if (/\p{L}$/u.test(word)) {
        expect(checkPassword(`!${word.toUpperCase()}2024`, { ...entra, bannedTerms: [] }).reasons).toContain('banned');
      }
    }
  });
});

describe('speed', () => {
  it('answers a keystroke in well under a millisecond', () => {
    const samples = ['K', 'Kx', 'Kx9#', 'Kx9#mPq2', 'Kx9#mPq2vLr7&zT', 'P@ssw0rd2024!', 'correct horse battery staple'];
    for (const s of samples) checkPassword(s, entra);
    const runs = 500;
    const start = Date.now();
    for (let i = 0; i < runs; i++) checkPassword(samples[i % samples.length], entra);
    const average = (Date.now() - start) / runs;
    expect(average).toBeLessThan(1);
  });
});
