import { parseArgs } from 'node:util';

export type ShellArgs = {
  /** `--data-dir DIR`: state, audit, outbox and Chromium's profile in DIR instead of the OS's user-data folder. */
  dataDir?: string;
  /** `--dev`: developer tools, outside kiosk mode only. */
  dev: boolean;
};

/**
 * The flags the shell itself reads, from everything after the executable. The app folder (`electron .`), the
 * core's `--config` and Chromium switches Playwright adds before the app path are left for others, so unknown
 * flags and positionals are not an error here.
 */
export function parseShellArgs(args: string[]): ShellArgs {
  const { values } = parseArgs({
    args,
    strict: false,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, dev: { type: 'boolean' } },
  });
  const dataDir = values['data-dir'];
  return { dataDir: typeof dataDir === 'string' && dataDir !== '' ? dataDir : undefined, dev: values.dev === true };
}
