import { isRawTerminal, readAll, readHiddenLines, withoutLineEnding } from './terminal-input';
import { isSecretName, keychainService, osKeychain, type Keychain } from '../config/secrets';

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
      let value: string;
      if (isRawTerminal(io.stdin)) {
        const lines = await readHiddenLines(io.stdin, ['Value (not shown), then Enter: '], io.err);
        if (lines === null) {
          io.err(`secrets set: cancelled; ${name} not changed\n`);
          return 1;
        }
        value = lines[0]!;
      } else {
        value = withoutLineEnding(await readAll(io.stdin));
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
