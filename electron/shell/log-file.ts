import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

export type LogFileOptions = {
  dir: string;
  name?: string;
  maxBytes?: number;
  /** Rotated files kept besides the live one (`main.log.1` … `main.log.N`). */
  keep?: number;
  now?: () => Date;
  echo?: (line: string) => void;
};

/**
 * The main process's log in the OS's log folder for the app, rotated by size. Callers pass lines that are already
 * free of secrets; this only stamps, writes and rotates. A log that cannot be written never stops the app.
 */
export function createLogFile({ dir, name = 'main.log', maxBytes = 5 * 1024 * 1024, keep = 3, now = () => new Date(), echo }: LogFileOptions) {
  const file = path.join(dir, name);
  let ready = false;
  const rotate = () => {
    for (let i = keep - 1; i >= 1; i--) {
      try {
        renameSync(`${file}.${i}`, `${file}.${i + 1}`);
      } catch {
        // That generation does not exist yet.
      }
    }
    renameSync(file, `${file}.1`);
  };
  const log = (line: string) => {
    const stamped = `${now().toISOString()} ${line}`;
    echo?.(stamped);
    try {
      if (!ready) {
        mkdirSync(dir, { recursive: true });
        ready = true;
      }
      let size = 0;
      try {
        size = statSync(file).size;
      } catch {
        // No log yet.
      }
      if (size > 0 && size + stamped.length + 1 > maxBytes) rotate();
      appendFileSync(file, `${stamped}\n`, { mode: 0o600 });
    } catch {
      // Disk full or folder not writable: the echo is all there is.
    }
  };
  return { file, log };
}
