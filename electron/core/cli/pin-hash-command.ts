import { hashSecret } from '../passwords/scrypt-hash';
import { isRawTerminal, readAll, readHiddenLines, withoutLineEnding } from './terminal-input';

export type PinHashIo = {
  stdin: NodeJS.ReadableStream;
  out: (s: string) => void;
  err: (s: string) => void;
};

const pinHashUsage = [
  'usage: guichet pin-hash',
  '  Reads the attendant PIN on standard input (typed twice and not shown on a terminal, or piped) and prints',
  '  its scrypt hash, the value of kiosk.attendantPinHash in config.json.',
  '',
].join('\n');

/** The attendant types it on the kiosk's PIN prompt, which takes at most 64 characters. */
const minLength = 6;
const maxLength = 64;

function refusal(pin: string): string | undefined {
  const length = [...pin].length;
  if (length < minLength) return `the PIN must have at least ${minLength} characters`;
  if (length > maxLength) return `the PIN must have at most ${maxLength} characters`;
  // A control character cannot be typed on the kiosk's PIN prompt: it is a copy-paste accident.
  if (/\p{Cc}/u.test(pin)) return 'the PIN contains a control character (a line break, a tab, …)';
  return undefined;
}

/**
 * `guichet pin-hash`: the PIN never appears on the command line (shell history, process listings) nor on screen.
 * Exit codes: 0 printed, 1 refused or cancelled, 2 usage error.
 */
export async function runPinHashCommand(argv: readonly string[], io: PinHashIo): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    io.out(pinHashUsage);
    return 0;
  }
  if (argv.length > 0) {
    io.err(`pin-hash: the PIN is read from standard input, never from the command line\n${pinHashUsage}`);
    return 2;
  }
  const stdin = io.stdin;
  const interactive = isRawTerminal(stdin);
  let pin: string;
  if (interactive) {
    const typed = await readHiddenLines(stdin, ['Attendant PIN (not shown), then Enter: ', 'The same PIN again: '], io.err);
    if (typed === null) {
      io.err('pin-hash: cancelled\n');
      return 1;
    }
    if (typed[0] !== typed[1]) {
      io.err('pin-hash: the two entries differ; nothing printed\n');
      return 1;
    }
    pin = typed[0]!;
  } else {
    pin = withoutLineEnding(await readAll(stdin));
  }
  const why = refusal(pin);
  if (why) {
    io.err(`pin-hash: ${why}; nothing printed\n`);
    return 1;
  }
  io.out(`${await hashSecret(pin)}\n`);
  if (interactive) io.err('Put this line in config.json as "kiosk": { "attendantPinHash": "…" }.\n');
  return 0;
}
