import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The data folder holds throttle counts, install keys, the audit log and, on a demo, the directory: on Linux and
 * macOS only the kiosk's account may read them (folder 0700, files 0600), whatever the umask or an older version
 * left. Windows keeps them under %APPDATA%\Guichet, which inherits the user profile's ACLs.
 */
const posix = process.platform !== 'win32';

/** Creates `dir` (and missing parents) for this account only, and tightens it if it exists. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (posix) chmodSync(dir, 0o700);
}

/**
 * Makes `file` readable by this account only, creating it empty (with missing folders 0700) when `create`.
 * SQLite gives its -wal and -shm files the mode of the database file, so they follow.
 */
export function privateFile(file: string, create: boolean): void {
  if (!existsSync(file)) {
    if (!create) return;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
  }
  if (posix) chmodSync(file, 0o600);
}
