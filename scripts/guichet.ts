import { readFileSync } from 'node:fs';
import { commandWord, exitWhenFlushed, itUsage, runItCommand } from '../electron/core/cli/it-command';

// IT's command line from a checkout (npm run guichet -- config check FILE): the same commands as the packaged app.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const handled = await runItCommand(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  platform: process.platform,
  version,
  installed: false,
});
if (handled === null) {
  // The packaged app starts its window for such arguments; here only commands make sense.
  const word = commandWord(process.argv.slice(2));
  const why = word === undefined ? 'no command given (the app itself starts with npm start)' : `unknown command ${word}`;
  process.stderr.write(`${why}\n${itUsage}`);
}
exitWhenFlushed([process.stdout, process.stderr], (code) => process.exit(code), handled ?? 2);
