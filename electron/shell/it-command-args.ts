/** Options of Electron's own command line whose value is the next word. */
const optionsWithValue = new Set(['--config', '--data-dir', '-r', '--require']);

/**
 * The words IT typed after the executable. A packaged app gets `[exe, ...words]`; Electron started on a folder
 * (`electron .`, `electron-vite preview`, Playwright) gets `[electron, ...switches, appPath, ...words]`, where the
 * app path is the first word that is not an option.
 */
export function itCommandArgs(argv: readonly string[], defaultApp: boolean): string[] {
  const args = argv.slice(1);
  if (!defaultApp) return args;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (optionsWithValue.has(arg)) i += 1;
    else if (!arg.startsWith('-')) return [...args.slice(0, i), ...args.slice(i + 1)];
  }
  return args;
}
