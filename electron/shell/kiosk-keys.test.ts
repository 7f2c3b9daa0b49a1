import { describe, expect, it } from 'vitest';
import { isBlockedKioskKey, type KeyInput } from './kiosk-keys';

const key = (key: string, mods: Partial<KeyInput> = {}, code = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : key): KeyInput => ({
  type: 'keyDown',
  key,
  code,
  control: false,
  alt: false,
  shift: false,
  meta: false,
  ...mods,
});

describe('isBlockedKioskKey', () => {
  it.each([
    ['Ctrl+R (reload)', key('r', { control: true })],
    ['Cmd+R (reload)', key('r', { meta: true })],
    ['Ctrl+Shift+R (hard reload)', key('R', { control: true, shift: true })],
    ['F5', key('F5')],
    ['Ctrl+F5', key('F5', { control: true })],
    ['Ctrl+Shift+I (devtools)', key('I', { control: true, shift: true })],
    ['Cmd+Alt+I (devtools)', key('i', { meta: true, alt: true })],
    ['F12', key('F12')],
    ['Ctrl+P (print)', key('p', { control: true })],
    ['Ctrl+W (close)', key('w', { control: true })],
    ['Ctrl+Q (quit)', key('q', { control: true })],
    ['Cmd+Q (quit)', key('q', { meta: true })],
    ['Alt+F4', key('F4', { alt: true })],
    ['Ctrl+N (new window)', key('n', { control: true })],
    ['Ctrl+T (new tab)', key('t', { control: true })],
    ['Ctrl+S (save)', key('s', { control: true })],
    ['Ctrl+O (open)', key('o', { control: true })],
    ['Ctrl+U (view source)', key('u', { control: true })],
    ['Ctrl++ (zoom in)', key('+', { control: true, shift: true }, 'Equal')],
    ['Ctrl+= (zoom in)', key('=', { control: true }, 'Equal')],
    ['Ctrl+- (zoom out)', key('-', { control: true }, 'Minus')],
    ['Ctrl+0 (zoom reset)', key('0', { control: true }, 'Digit0')],
    ['Ctrl+numpad + (zoom in)', key('+', { control: true }, 'NumpadAdd')],
    ['F11 (full screen)', key('F11')],
    ['Alt+Left (back)', key('ArrowLeft', { alt: true })],
    ['BrowserBack key', key('BrowserBack')],
    ['Cmd+H (hide)', key('h', { meta: true })],
    ['Cmd+M (minimize)', key('m', { meta: true })],
  ])('swallows %s', (_name, input) => {
    expect(isBlockedKioskKey(input)).toBe(true);
  });

  it('finds the letter by its physical key whatever the layout prints', () => {
    // Ctrl+Alt on some layouts prints another character; the key is still R.
    expect(isBlockedKioskKey(key('®', { control: true }, 'KeyR'))).toBe(true);
  });

  it.each([
    ['a letter', key('a')],
    ['Shift+letter', key('A', { shift: true })],
    ['Backspace', key('Backspace')],
    ['Enter', key('Enter')],
    ['Tab', key('Tab')],
    ['Escape', key('Escape')],
    ['Ctrl+C (copy)', key('c', { control: true })],
    ['Ctrl+V (paste)', key('v', { control: true })],
    ['Ctrl+X (cut)', key('x', { control: true })],
    ['Ctrl+A (select all)', key('a', { control: true })],
    ['Ctrl+Z (undo)', key('z', { control: true })],
    ['Ctrl+Shift+Z (redo)', key('Z', { control: true, shift: true })],
    ['Ctrl+Left (word jump)', key('ArrowLeft', { control: true })],
    ['a digit', key('0', {}, 'Digit0')],
  ])('lets %s through', (_name, input) => {
    expect(isBlockedKioskKey(input)).toBe(false);
  });

  it('only looks at key presses', () => {
    expect(isBlockedKioskKey({ ...key('r', { control: true }), type: 'keyUp' })).toBe(false);
  });
});
