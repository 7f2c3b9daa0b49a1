import { describe, expect, it } from 'vitest';
import { matchesAccelerator, parseAccelerator, type KeyPress } from './accelerator';

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
});
