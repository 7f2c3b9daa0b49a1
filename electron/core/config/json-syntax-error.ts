import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

export type JsonSyntaxProblem = { message: string; line: number; column: number; excerpt: string[] };

/** What an editor-less admin needs to hear for each kind of mistake, in the same words on every Node version. */
const explanations: Record<string, string> = {
  InvalidSymbol: 'unexpected text: a value is "text in double quotes", a number, true, false, null, { … } or [ … ]',
  InvalidNumberFormat: 'not a valid number',
  PropertyNameExpected: 'expected a key in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":" after the key',
  CommaExpected: 'expected "," between two entries',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the list',
  EndOfFileExpected: 'text after the end of the JSON document',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'a text in quotes does not end on its line (missing ", or a line break inside quotes: write \\n)',
  UnexpectedEndOfNumber: 'a number ends too early',
  InvalidUnicode: 'a \\u escape needs 4 hexadecimal digits',
  InvalidEscapeCharacter: 'a backslash must be doubled in JSON (a Windows path is written C:\\\\Guichet\\\\logo.png)',
  InvalidCharacter: 'a tab or control character inside quotes: write \\t, or remove it',
};

/**
 * Where a file that JSON.parse refused goes wrong, as line, column, the line itself and a caret under the spot.
 * JSON.parse decides validity; jsonc-parser (strict: no comments, no trailing commas) says what went wrong, because
 * V8 gives no position for some mistakes ("Unexpected token '}'") and its wording changes between versions.
 */
export function locateJsonSyntaxError(text: string, error: SyntaxError): JsonSyntaxProblem {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  const v8Offset = /at position (\d+)/.exec(error.message)?.[1];
  const offset = v8Offset !== undefined ? Number(v8Offset) : (first?.offset ?? text.length);
  let message = (first && explanations[printParseErrorCode(first.error)]) ?? error.message.replace(/ in JSON at position \d+.*$/, '');
  const before = text.slice(0, offset).trimEnd();
  if (before.endsWith(',') && /^\s*[}\]]/.test(text.slice(offset))) message = 'a comma before "}" or "]" ends nothing: remove it';
  if (text.trim() === '') message = 'the file is empty: write {} for the built-in defaults';
  return { message, ...excerptAt(text, offset) };
}

const widest = 100;

function excerptAt(text: string, offset: number): { line: number; column: number; excerpt: string[] } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset);
  const line = text.slice(0, lineStart).split('\n').length;
  const column = offset - lineStart + 1;
  // A long line (a minified file) is shown around the spot only.
  const from = Math.max(lineStart, offset - widest / 2);
  const shown = text.slice(from, Math.min(lineEnd, from + widest)).replace(/\r$/, '');
  const caret = `${text.slice(from, offset).replace(/[^\t]/g, ' ')}^`;
  return { line, column, excerpt: [`  ${shown}`, `  ${caret}`] };
}
