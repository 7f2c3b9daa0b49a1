/** The parts of Electron's `Input` the key rules read. */
export type KeyInput = {
  type: string;
  key: string;
  code: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
};

const letter = (input: KeyInput) => (/^Key[A-Z]$/.test(input.code) ? input.code.slice(3).toLowerCase() : input.key.toLowerCase());

/** Ctrl on Windows and Linux, Cmd on macOS: a kiosk treats either as the command modifier. */
const command = (input: KeyInput) => input.control || input.meta;

/** Command+letter shortcuts that reload, print, save, open, view source, close, quit or open windows or tabs. */
const commandLetters = new Set(['r', 'p', 's', 'o', 'u', 'w', 'q', 'n', 't', 'm', 'h', 'j']);
/** Command+Shift+letter shortcuts that open developer tools or reopen tabs and windows. */
const commandShiftLetters = new Set(['i', 'j', 'c', 'n', 't', 'r', 'w', 'q', 'delete']);
const zoomKeys = new Set(['+', '-', '=', '_', '0', 'add', 'subtract']);
const zoomCodes = new Set(['Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0']);

/**
 * Keys a kiosk swallows inside its window: reload, developer tools, print, zoom, close, quit, new window or tab,
 * full-screen toggle, history navigation. Operating-system shortcuts (Ctrl+Alt+Del, Alt+Tab, the Windows key)
 * never reach the window; the OS lockdown in the deployment guide handles those.
 */
export function isBlockedKioskKey(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key;
  if (['F1', 'F3', 'F5', 'F6', 'F7', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome', 'BrowserSearch', 'Print'].includes(key)) {
    return true;
  }
  if (input.alt && ['F4', 'ArrowLeft', 'ArrowRight', 'Home'].includes(key)) return true;
  if (!command(input)) return false;
  if (zoomKeys.has(key.toLowerCase()) || zoomCodes.has(input.code)) return true;
  if (key === 'F4' || key === 'Tab' || key === 'PageUp' || key === 'PageDown') return true;
  const l = letter(input);
  if (input.shift) return commandShiftLetters.has(l) || commandLetters.has(l);
  // Cmd+Alt+I is the macOS developer-tools shortcut.
  if (input.alt && l === 'i') return true;
  return commandLetters.has(l);
}
