import { describe, expect, it } from 'vitest';
import { acceleratorProblem, matchesAccelerator, parseAccelerator, type KeyPress } from './accelerator';

const key = (k: string, mods: Partial<KeyPress> = {}, code = /^[a-z]$/i.test(k) ? `Key${k.toUpperCase()}` : k): KeyPress => ({
  key: k,
  code,
  control: false,
  alt: false,
  shift: false,
  meta: false,
  ...mods,
});

describe('attendant accelerator', () => {
  it('matches Control+Alt+Shift+G exactly, by the physical key', () => {
    const acc = parseAccelerator('Control+Alt+Shift+G', 'linux')!;
    expect(matchesAccelerator(key('G', { control: true, alt: true, shift: true }), acc)).toBe(true);
    expect(matchesAccelerator(key('©', { control: true, alt: true, shift: true }, 'KeyG'), acc)).toBe(true);
    expect(matchesAccelerator(key('g', { control: true, alt: true }), acc)).toBe(false);
    expect(matchesAccelerator(key('G', { control: true, alt: true, shift: true, meta: true }), acc)).toBe(false);
    expect(matchesAccelerator(key('H', { control: true, alt: true, shift: true }), acc)).toBe(false);
  });

  it('reads CommandOrControl per platform', () => {
    expect(parseAccelerator('CommandOrControl+Shift+F9', 'darwin')).toEqual({ control: false, alt: false, shift: true, meta: true, key: 'f9' });
    expect(parseAccelerator('CmdOrCtrl+Shift+F9', 'win32')).toEqual({ control: true, alt: false, shift: true, meta: false, key: 'f9' });
    const acc = parseAccelerator('Ctrl+Shift+F9', 'linux')!;
    expect(matchesAccelerator(key('F9', { control: true, shift: true }), acc)).toBe(true);
  });

  it('matches digits by their physical key', () => {
    const acc = parseAccelerator('Ctrl+Alt+1', 'linux')!;
    expect(matchesAccelerator(key('&', { control: true, alt: true }, 'Digit1'), acc)).toBe(true);
    expect(matchesAccelerator(key('1', { control: true, alt: true }, 'Numpad1'), acc)).toBe(false);
  });

  it('refuses unknown modifiers and empty keys', () => {
    expect(parseAccelerator('Hyper+G', 'linux')).toBeNull();
    expect(parseAccelerator('Control+', 'linux')).toBeNull();
  });

  it('knows every key name of the syntax, and says which part of a combination is wrong', () => {
    expect(parseAccelerator('Ctrl+Alt+Foo', 'linux')).toBeNull();
    expect(acceleratorProblem('Ctrl+Alt+Foo')).toMatch(/^"Foo" in "Ctrl\+Alt\+Foo" is not a key name: expected a letter, a digit, F1 to F24/);
    expect(acceleratorProblem('Ctl+Alt+G')).toMatch(/^"Ctl" in "Ctl\+Alt\+G": not a modifier: expected Control, Alt, Shift/);
    expect(acceleratorProblem('Ctrl+A+B')).toMatch(/"A" in "Ctrl\+A\+B": only the last name is a key/);
    expect(acceleratorProblem('Control+')).toMatch(/ends without a key/);
    for (const ok of ['Control+Alt+Shift+G', 'Ctrl+F12', 'Alt+Plus', 'Ctrl+Shift+Escape', 'CmdOrCtrl+PageDown', 'Ctrl+Alt+/']) expect(acceleratorProblem(ok)).toBeUndefined();
  });

  it('matches named keys by the key the browser reports', () => {
    expect(matchesAccelerator(key('ArrowUp', { control: true }), parseAccelerator('Ctrl+Up', 'linux')!)).toBe(true);
    expect(matchesAccelerator(key('Enter', { alt: true }), parseAccelerator('Alt+Return', 'linux')!)).toBe(true);
    expect(matchesAccelerator(key(' ', { control: true }), parseAccelerator('Ctrl+Space', 'linux')!)).toBe(true);
    expect(matchesAccelerator(key('+', { control: true }), parseAccelerator('Ctrl+Plus', 'linux')!)).toBe(true);
  });
});
