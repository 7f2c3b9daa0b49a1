import { describe, expect, it } from 'vitest';
import { deleteBackward, insertText, type TextState } from './edit';

/** "ab|c" is a caret after "ab"; "a[bc]" a selection of "bc". */
const parse = (marked: string): TextState => {
  const caret = marked.indexOf('|');
  if (caret >= 0) return { value: marked.replace('|', ''), start: caret, end: caret };
  const start = marked.indexOf('[');
  const end = marked.indexOf(']') - 1;
  return { value: marked.replace('[', '').replace(']', ''), start, end };
};
const show = ({ value, start, end }: TextState) =>
  start === end ? `${value.slice(0, start)}|${value.slice(start)}` : `${value.slice(0, start)}[${value.slice(start, end)}]${value.slice(end)}`;

describe('insertText', () => {
  it.each([
    ['|', 'a', -1, 'a|'],
    ['nadia|', '.', -1, 'nadia.|'],
    ['ab|cd', 'X', -1, 'abX|cd'],
    ['a[bc]d', 'X', -1, 'aX|d'],
    ['|', 'لا', -1, 'لا|'],
    ['12345|', '6', 6, '123456|'],
    ['123456|', '7', 6, '123456|'],
    ['12[34]56', '7', 6, '127|56'],
    ['12345|', 'لا', 6, '12345ل|'],
  ])('%s + %s (maxLength %i) → %s', (before, text, maxLength, after) => {
    expect(show(insertText(parse(before), text, maxLength))).toBe(after);
  });
});

describe('deleteBackward', () => {
  it.each([
    ['|', '|'],
    ['abc|', 'ab|'],
    ['a|bc', '|bc'],
    ['a[bc]d', 'a|d'],
    ['[abcd]', '|'],
    ['x😀|', 'x|'],
    ['لا|', 'ل|'],
  ])('%s → %s', (before, after) => {
    expect(show(deleteBackward(parse(before)))).toBe(after);
  });
});
