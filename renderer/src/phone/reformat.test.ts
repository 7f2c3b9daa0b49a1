import { AsYouType } from 'libphonenumber-js/mobile';
import { describe, expect, it } from 'vitest';
import { formatAsYouType } from '../../../shared/phone';
import { reformat } from './reformat';

const ma = (text: string) => new AsYouType('MA').input(text);

describe('reformat', () => {
  it('formats a national number as it is typed and keeps the caret at the end', () => {
    let value = '';
    for (const digit of '0701071074') {
      const edit = reformat(value, value + digit, value.length + 1, ma);
      value = edit.value;
      expect(edit.caret).toBe(value.length);
    }
    expect(value).toBe(ma('0701071074'));
    expect(value.replace(/\D/g, '')).toBe('0701071074');
  });

  it('uses the shared formatter the phone screen loads', () => {
    expect(formatAsYouType('+212701071074', 'MA')).toBe(new AsYouType('MA').input('+212701071074'));
  });

  it('keeps the caret after the same digit when a digit is inserted in the middle', () => {
    const before = ma('0701071074');
    // Insert "9" after the 4th digit ("0701"), wherever the formatter put its spaces.
    const digitsBefore = 4;
    let caret = 0;
    for (let seen = 0; seen < digitsBefore; caret++) if (/\d/.test(before[caret]!)) seen++;
    const typed = before.slice(0, caret) + '9' + before.slice(caret);
    const edit = reformat(before, typed, caret + 1, ma);
    expect(edit.value.replace(/\D/g, '')).toBe('07019071074');
    expect(edit.value.slice(0, edit.caret).replace(/\D/g, '')).toBe('07019');
  });

  it('lets a separator be deleted instead of putting it straight back', () => {
    const edit = reformat('0701 07 10 74', '070107 10 74', 4, ma);
    expect(edit).toEqual({ value: '070107 10 74', caret: 4 });
  });

  it('keeps an international prefix', () => {
    const edit = reformat('', '+212701071074', 13, ma);
    expect(edit.value.startsWith('+212')).toBe(true);
    expect(edit.caret).toBe(edit.value.length);
  });
});
