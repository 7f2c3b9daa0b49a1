/** A key press as both Electron's `Input` and the DOM's `KeyboardEvent` can describe it. */
export type KeyPress = { key: string; code: string; control: boolean; alt: boolean; shift: boolean; meta: boolean };

export type Accelerator = { control: boolean; alt: boolean; shift: boolean; meta: boolean; key: string };

const commandModifier = (platform: string): Partial<Accelerator> => (platform === 'darwin' ? { meta: true } : { control: true });

const modifierNames: Record<string, (platform: string) => Partial<Accelerator>> = {
  control: () => ({ control: true }),
  ctrl: () => ({ control: true }),
  alt: () => ({ alt: true }),
  option: () => ({ alt: true }),
  altgr: () => ({ alt: true }),
  shift: () => ({ shift: true }),
  meta: () => ({ meta: true }),
  super: () => ({ meta: true }),
  cmd: () => ({ meta: true }),
  command: () => ({ meta: true }),
  commandorcontrol: commandModifier,
  cmdorctrl: commandModifier,
};

/** Electron's names of the keys a kiosk keyboard has, with the DOM `key` each one reports (lower case). */
const namedKeys: Record<string, string> = {
  plus: '+',
  space: ' ',
  tab: 'tab',
  backspace: 'backspace',
  delete: 'delete',
  insert: 'insert',
  return: 'enter',
  enter: 'enter',
  up: 'arrowup',
  down: 'arrowdown',
  left: 'arrowleft',
  right: 'arrowright',
  home: 'home',
  end: 'end',
  pageup: 'pageup',
  pagedown: 'pagedown',
  escape: 'escape',
  esc: 'escape',
  ...Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`f${i + 1}`, `f${i + 1}`])),
};
const punctuation = ')!@#$%^&*(:;=<,_->.?/~`{]|[}"\'\\';
const displayedKeyNames = ['Plus', 'Space', 'Tab', 'Backspace', 'Delete', 'Insert', 'Return', 'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'Escape'];
const displayedModifiers = ['Control', 'Alt', 'Shift', 'Meta', 'CommandOrControl'];

/** The DOM key an accelerator key name stands for, or undefined when Electron's syntax has no such key. */
function domKey(name: string): string | undefined {
  if (/^[a-z0-9]$/i.test(name) || (name.length === 1 && punctuation.includes(name))) return name.toLowerCase();
  return namedKeys[name.toLowerCase()];
}

type Parsed = { ok: true; accelerator: Accelerator } | { ok: false; problem: string };

function parse(text: string, platform: string): Parsed {
  const parts = text.split('+').map((p) => p.trim());
  const key = parts.pop();
  if (!key) return { ok: false, problem: `"${text}" ends without a key: expected a combination such as Control+Alt+Shift+G (write Plus for the + key)` };
  const acc: Accelerator = { control: false, alt: false, shift: false, meta: false, key: '' };
  for (const part of parts) {
    const modifier = modifierNames[part.toLowerCase()];
    if (!modifier) {
      const what = domKey(part) ? 'only the last name is a key; the others must be modifiers' : 'not a modifier';
      return { ok: false, problem: `"${part}" in "${text}": ${what}: expected ${displayedModifiers.join(', ')} (or Ctrl, Option, Cmd, CmdOrCtrl)` };
    }
    Object.assign(acc, modifier(platform));
  }
  const dom = domKey(key);
  if (dom === undefined) {
    return { ok: false, problem: `"${key}" in "${text}" is not a key name: expected a letter, a digit, F1 to F24, a punctuation sign or ${displayedKeyNames.join(', ')}` };
  }
  return { ok: true, accelerator: { ...acc, key: dom } };
}

/**
 * Parses an Electron-style accelerator ("Control+Alt+Shift+G"); null when it names no key, an unknown key or an
 * unknown modifier. `platform` is Node's name for it ("darwin" reads CommandOrControl as Cmd).
 */
export function parseAccelerator(text: string, platform: string): Accelerator | null {
  const parsed = parse(text, platform);
  return parsed.ok ? parsed.accelerator : null;
}

/** Why `text` is not an accelerator, naming the part that is wrong and what is expected; undefined when it is one. */
export function acceleratorProblem(text: string): string | undefined {
  const parsed = parse(text, 'linux');
  return parsed.ok ? undefined : parsed.problem;
}

/** Exact match: the same modifiers, and the key by its physical letter or digit so Alt/Shift layers do not matter. */
export function matchesAccelerator(press: KeyPress, acc: Accelerator): boolean {
  if (press.control !== acc.control || press.alt !== acc.alt || press.shift !== acc.shift || press.meta !== acc.meta) return false;
  if (/^[a-z]$/.test(acc.key)) return press.code === `Key${acc.key.toUpperCase()}`;
  if (/^[0-9]$/.test(acc.key)) return press.code === `Digit${acc.key}`;
  return press.key.toLowerCase() === acc.key;
}
