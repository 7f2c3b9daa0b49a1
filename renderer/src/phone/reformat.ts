/** Characters that carry meaning in a phone number; the rest are separators the formatter adds. */
const significant = (text: string): string => text.replace(/[^\d+]/g, '');

export type Edit = { value: string; caret: number };

/**
 * Formats a phone number as it is typed, keeping the caret after the same digit it was after, and letting a
 * visitor delete a separator (otherwise the formatter would put it straight back).
 */
export const reformat = (previous: string, typed: string, caret: number, format: (input: string) => string): Edit => {
  if (typed.length < previous.length && significant(typed) === significant(previous)) return { value: typed, caret };
  const value = format(typed);
  if (caret >= typed.length) return { value, caret: value.length };
  const wanted = significant(typed.slice(0, caret)).length;
  let seen = 0;
  let position = 0;
  while (position < value.length && seen < wanted) {
    if (/[\d+]/.test(value[position]!)) seen++;
    position++;
  }
  return { value, caret: position };
};
