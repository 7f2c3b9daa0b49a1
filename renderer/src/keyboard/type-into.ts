import type { TextState } from './edit';

export type TextField = HTMLInputElement | HTMLTextAreaElement;

const textTypes = new Set(['text', 'email', 'password', 'tel', 'search', 'url', 'number']);

/** A field the visitor can type into now. */
export const isTextField = (target: EventTarget | null): target is TextField =>
  ((target instanceof HTMLInputElement && textTypes.has(target.type)) || target instanceof HTMLTextAreaElement) &&
  !target.readOnly &&
  !target.disabled;

/**
 * Edits a field as typing would: through the prototype's `value` setter (React tracks values set on the element
 * itself and would not see the change) and an `input` event, so the field's onChange runs as for a real key.
 */
export function editField(field: TextField, edit: (state: TextState, maxLength: number) => TextState): void {
  const value = field.value;
  // Email and number inputs have no selection API (null): they are edited at the end.
  const start = field.selectionStart ?? value.length;
  const end = field.selectionEnd ?? value.length;
  const next = edit({ value, start, end }, field.maxLength);
  if (next.value === value && next.start === start) return;
  const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, next.value);
  if (field.selectionStart !== null) field.setSelectionRange(next.start, next.end);
  field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: next.value.length < value.length ? 'deleteContentBackward' : 'insertText' }));
}
