// Runs inside a D-Bus session (see test/support/keyring.ts) and prints what it observed as one JSON line.
import { Readable } from 'node:stream';
import { runSecretsCommand } from '../../../electron/core/cli/secrets-command';
import { MissingSecretError, keychainService, resolveSecret } from '../../../electron/core/config/secrets';

const name = process.argv[2] ?? 'GUICHET_TEST_SECRET';
const value = process.argv[3] ?? '';
const mode = process.argv[4] ?? 'keyring';

async function command(argv: string[], stdin = '') {
  let out = '';
  let err = '';
  const code = await runSecretsCommand(argv, {
    stdin: Readable.from(stdin ? [Buffer.from(stdin)] : []),
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  return { code, out, err };
}

async function resolved(env: NodeJS.ProcessEnv) {
  try {
    return { value: await resolveSecret(`secret:${name}`, { env }) };
  } catch (err) {
    return { missing: err instanceof MissingSecretError ? err.names : undefined, message: (err as Error).message };
  }
}

async function main() {
  if (mode === 'no-keyring') {
    const report = {
      fromEnv: await resolved({ [`GUICHET_SECRET_${name}`]: value }),
      missing: await resolved({}),
      list: await command(['list']),
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const keytar = ((await import('keytar')) as { default: typeof import('keytar') }).default;
  const set = await command(['set', name], `${value}\n`);
  const afterSet = await resolved({});
  const direct = await keytar.getPassword(keychainService, name);
  const list = await command(['list']);
  const keychainWins = await resolved({ [`GUICHET_SECRET_${name}`]: 'from-the-environment' });
  const del = await command(['delete', name]);
  const afterDelete = await resolved({});
  const envFallback = await resolved({ [`GUICHET_SECRET_${name}`]: 'from-the-environment' });
  const deleteAgain = await command(['delete', name]);
  process.stdout.write(`${JSON.stringify({ set, afterSet, direct, list, keychainWins, del, afterDelete, envFallback, deleteAgain })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
