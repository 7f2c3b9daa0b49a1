import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCore } from '../core/bootstrap';
import { argValue } from '../core/config/load-config';
import { startBrowserHost } from './browser-host';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `npm run start:browser -- [--config FILE] [--port N] [--data-dir DIR]` */
async function main() {
  const argv = process.argv.slice(2);
  const dataDir = path.resolve(argValue(argv, '--data-dir') ?? path.join(repo, '.data'));
  const port = Number(argValue(argv, '--port') ?? 5174);
  const log = (line: string) => console.log(`[guichet] ${line}`);
  const { core, paths } = await startCore({
    argv,
    env: process.env,
    platform: process.platform,
    dataDir,
    installed: false,
    log,
    onOutbox: (line) => console.log(`[outbox] ${line}`),
  });
  const host = await startBrowserHost({ core, rendererDir: path.join(repo, 'out/renderer'), port, log });
  if (paths) log(`data: ${dataDir} (outbox ${paths.outbox}, audit ${paths.audit})`);
  console.log(`Guichet is served at ${host.url}`);
  const stop = async () => {
    await host.close();
    await core.shutdown();
    process.exit(0);
  };
  process.on('unhandledRejection', (err) => log(`unhandled: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
