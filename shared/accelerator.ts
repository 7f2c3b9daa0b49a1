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

/**
 * Parses an Electron-style accelerator ("Control+Alt+Shift+G"); null when it names no key or an unknown modifier.
 * `platform` is Node's name for it ("darwin" reads CommandOrControl as Cmd).
 */
export function parseAccelerator(text: string, platform: string): Accelerator | null {
  const parts = text.split('+').map((p) => p.trim());
  const key = parts.pop();
  if (!key) return null;
  const acc: Accelerator = { control: false, alt: false, shift: false, meta: false, key: key.toLowerCase() };
  for (const part of parts) {
    const modifier = modifierNames[part.toLowerCase()];
    if (!modifier) return null;
    Object.assign(acc, modifier(platform));
  }
  return acc;
}

/** Exact match: the same modifiers, and the key by its physical letter or digit so Alt/Shift layers do not matter. */
export function matchesAccelerator(press: KeyPress, acc: Accelerator): boolean {
  if (press.control !== acc.control || press.alt !== acc.alt || press.shift !== acc.shift || press.meta !== acc.meta) return false;
  if (/^[a-z]$/.test(acc.key)) return press.code === `Key${acc.key.toUpperCase()}`;
  if (/^[0-9]$/.test(acc.key)) return press.code === `Digit${acc.key}`;
  return press.key.toLowerCase() === acc.key;
}
