import { startCore } from '../core/bootstrap';
import { runShell } from './shell';

void runShell({
  startCore,
  argv: process.argv,
  env: process.env,
  platform: process.platform,
  processEvents: process,
  echo: (line) => process.stderr.write(`${line}\n`),
});
