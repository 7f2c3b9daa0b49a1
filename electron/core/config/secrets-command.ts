import { StringDecoder } from 'node:string_decoder';
import { isSecretName, keychainService, osKeychain, type Keychain } from './secrets';

export type SecretsIo = {
  stdin: NodeJS.ReadableStream;
  out: (s: string) => void;
  err: (s: string) => void;
  keychain?: Keychain;
};

const usage = [
  'usage: guichet secrets set NAME      (reads the value from standard input)',
  '       guichet secrets delete NAME',
  '       guichet secrets list',
  `Secrets are stored in this OS user's keychain (service ${keychainService}) and used in the config as "secret:NAME".`,
  'NAME: letters, digits and _ (at most 64).',
].join('\n');

type Terminal = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
type RawTerminal = Terminal & { setRawMode: (raw: boolean) => unknown };

/**
 * Reads one line from a terminal without echoing it, so the secret never shows on screen.
 * Enter or Ctrl-D ends it, Backspace erases, Ctrl-C gives up (null).
 */
async function readHidden(terminal: RawTerminal, prompt: (s: string) => void): Promise<string | null> {
  prompt('Value (not shown), then Enter: ');
  terminal.setRawMode(true);
  const decoder = new StringDecoder('utf8');
  let value = '';
  try {
    for await (const chunk of terminal) {
      for (const ch of typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer)) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return value;
        if (ch === '\u0003') return null;
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    }
    return value;
  } finally {
    terminal.setRawMode(false);
    prompt('\n');
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * `guichet secrets …` for IT. `argv` holds the words after `secrets` (a leading `secrets` is tolerated).
 * The value of `set` comes from standard input only: a command line lands in shell history and in every
 * process listing. Exit codes: 0 done, 1 failed, 2 usage error.
 */
export async function runSecretsCommand(argv: string[], io: SecretsIo): Promise<number> {
  const args = argv[0] === 'secrets' ? argv.slice(1) : argv;
  const [verb, name, ...extra] = args;
  const keychain = io.keychain ?? osKeychain();

  const usageError = (why: string): number => {
    io.err(`${why}\n${usage}\n`);
    return 2;
  };

  switch (verb) {
    case 'set': {
      if (!name || !isSecretName(name)) return usageError('secrets set: expected one NAME');
      if (extra.length) return usageError('secrets set: the value is read from standard input, never from the command line');
      const terminal = io.stdin as Terminal;
      let value: string | null;
      if (terminal.isTTY && terminal.setRawMode) {
        value = await readHidden(terminal as RawTerminal, io.err);
        if (value === null) {
          io.err(`secrets set: cancelled; ${name} not changed\n`);
          return 1;
        }
      } else {
        // `echo value |` and here-strings add one line ending; a value's own last newline needs two.
        value = (await readAll(io.stdin)).replace(/\r?\n$/, '');
      }
      if (!value) {
        io.err(`secrets set: no value on standard input; ${name} not changed\n`);
        return 1;
      }
      try {
        await keychain.setPassword(name, value);
      } catch (err) {
        io.err(`secrets set: the keychain refused: ${describe(err)}\n`);
        return 1;
      }
      io.out(`${name} stored\n`);
      return 0;
    }
    case 'delete': {
      if (!name || !isSecretName(name) || extra.length) return usageError('secrets delete: expected one NAME');
      try {
        if (!(await keychain.deletePassword(name))) {
          io.err(`secrets delete: no secret named ${name}\n`);
          return 1;
        }
      } catch (err) {
        io.err(`secrets delete: the keychain refused: ${describe(err)}\n`);
        return 1;
      }
      io.out(`${name} deleted\n`);
      return 0;
    }
    case 'list': {
      if (name !== undefined) return usageError('secrets list: takes no argument');
      try {
        const names = (await keychain.findCredentials()).map((c) => c.account).sort();
        for (const n of names) io.out(`${n}\n`);
      } catch (err) {
        io.err(`secrets list: the keychain refused: ${describe(err)}\n`);
        return 1;
      }
      return 0;
    }
    default:
      return usageError(verb ? `secrets: unknown command ${verb}` : 'secrets: missing command');
  }
}
