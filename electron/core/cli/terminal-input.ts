import { StringDecoder } from 'node:string_decoder';

export type Terminal = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
export type RawTerminal = Terminal & { setRawMode: (raw: boolean) => unknown };

/** A keyboard the user types on (not a pipe or a file), whose echo can be turned off. */
export function isRawTerminal(stream: NodeJS.ReadableStream): stream is RawTerminal {
  const t = stream as Terminal;
  return t.isTTY === true && typeof t.setRawMode === 'function';
}

/**
 * Reads one line per prompt from a terminal with echo off, so a PIN or a secret never shows on screen. Enter or
 * Ctrl-D ends a line, Backspace erases, Ctrl-C gives up (null). Listens with 'data' rather than an async iterator:
 * leaving a `for await` destroys the stream, and a confirmation needs a second line from the same one.
 */
export function readHiddenLines(terminal: RawTerminal, prompts: readonly string[], write: (s: string) => void): Promise<string[] | null> {
  const lines: string[] = [];
  const decoder = new StringDecoder('utf8');
  let current = '';
  return new Promise((resolve, reject) => {
    const finish = (result: string[] | null) => {
      terminal.removeListener('data', onData);
      terminal.removeListener('end', onEnd);
      terminal.removeListener('error', onError);
      terminal.pause();
      terminal.setRawMode(false);
      write('\n');
      resolve(result);
    };
    const nextLine = (): boolean => {
      lines.push(current);
      current = '';
      if (lines.length === prompts.length) return true;
      write(`\n${prompts[lines.length]}`);
      return false;
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : decoder.write(chunk)) {
        if (ch === '\u0003') return finish(null);
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          if (nextLine()) return finish(lines);
        } else if (ch === '\u007f' || ch === '\b') {
          current = [...current].slice(0, -1).join('');
        } else {
          current += ch;
        }
      }
    };
    const onEnd = () => {
      // The input ended in the middle of a line: what was typed so far counts; lines never typed do not.
      if (current !== '') lines.push(current);
      finish(lines.length === prompts.length ? lines : null);
    };
    const onError = (err: Error) => {
      terminal.removeListener('data', onData);
      terminal.setRawMode(false);
      reject(err);
    };
    write(prompts[0] ?? '');
    terminal.setRawMode(true);
    terminal.on('data', onData);
    terminal.once('end', onEnd);
    terminal.once('error', onError);
    terminal.resume();
  });
}

/** Everything on a pipe or a file, as text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** `echo value |` and here-strings add one line ending, which is not part of the value. */
export const withoutLineEnding = (text: string): string => text.replace(/\r?\n$/, '');
