/** A field's text and selection, as the on-screen keyboard edits it: the same rules as typing on a real keyboard. */
export type TextState = { value: string; start: number; end: number };

/** Replaces the selection with `text`, cut to what `maxLength` leaves room for (as the browser does); -1: no limit. */
export function insertText(state: TextState, text: string, maxLength = -1): TextState {
  const { value, start, end } = state;
  const room = maxLength < 0 ? text.length : maxLength - (value.length - (end - start));
  if (room <= 0) return state;
  const inserted = text.slice(0, room);
  const caret = start + inserted.length;
  return { value: value.slice(0, start) + inserted + value.slice(end), start: caret, end: caret };
}

/** Backspace: removes the selection, else the character before the caret (both halves of a surrogate pair). */
export function deleteBackward(state: TextState): TextState {
  const { value, start, end } = state;
  if (start !== end) return { value: value.slice(0, start) + value.slice(end), start, end: start };
  if (start === 0) return state;
  const low = value.charCodeAt(start - 1);
  const high = start >= 2 ? value.charCodeAt(start - 2) : 0;
  const size = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? 2 : 1;
  return { value: value.slice(0, start - size) + value.slice(start), start: start - size, end: start - size };
}
