import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from './json-syntax-error';

const locate = (text: string) => {
  try {
    JSON.parse(text);
  } catch (error) {
    return locateJsonSyntaxError(text, error as SyntaxError);
  }
  throw new Error('valid JSON');
};

describe('JSON syntax errors', () => {
  it('give line, column, the line itself and a caret under the spot', () => {
    expect(locate('{\n  "kiosk": {\n    "enabled": true,\n  }\n}\n')).toEqual({
      message: 'a comma before "}" or "]" ends nothing: remove it',
      line: 4,
      column: 3,
      excerpt: ['    }', '    ^'],
    });
    expect(locate('{\n\t"a": 1\n\t"b": 2\n}')).toEqual({ message: 'expected "," between two entries', line: 3, column: 2, excerpt: ['  \t"b": 2', '  \t^'] });
  });

  it('explain the usual mistakes in the same words on every Node version', () => {
    expect(locate('{ "logo": "C:\\Guichet\\logo.png" }')).toMatchObject({ line: 1, column: 15, message: expect.stringMatching(/^a backslash must be doubled/) });
    expect(locate('{ "a": 1 // note\n}')).toMatchObject({ line: 1, column: 10, message: 'comments are not allowed in JSON' });
    expect(locate('{ "a": }')).toMatchObject({ line: 1, column: 8, message: 'expected a value' });
    expect(locate("{ 'a': 1 }")).toMatchObject({ column: 3, message: expect.stringMatching(/^unexpected text/) });
    expect(locate('{ "kiosk": ')).toMatchObject({ line: 1, column: 12, message: 'expected a value' });
    expect(locate('  \n')).toMatchObject({ message: 'the file is empty: write {} for the built-in defaults' });
  });

  it('show a long line only around the spot', () => {
    const text = `{"a":"${'x'.repeat(300)}",,"b":1}`;
    const { column, excerpt } = locate(text);
    expect(column).toBe(309);
    expect(excerpt[0]!.length).toBeLessThanOrEqual(102);
    expect(excerpt[1]!.indexOf('^')).toBe(excerpt[0]!.indexOf(',,') + 1);
  });
});
