import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCore, type Started } from '../core/bootstrap';
import { argValue } from '../core/config/load-config';
import { startBrowserHost } from './browser-host';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `npm run start:browser -- [--config FILE] [--port N] [--data-dir DIR]` */
async function main() {
  const argv = process.argv.slice(2);
  const dataDir = path.resolve(argValue(argv, '--data-dir') ?? path.join(repo, '.data'));
  const port = Number(argValue(argv, '--port') ?? 5174);
  const log = (line: string) => console.log(`[guichet] ${line}`);
  const { version } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
  const start = () =>
    startCore({
      argv,
      env: process.env,
      platform: process.platform,
      dataDir,
      installed: false,
      version,
      log,
      onOutbox: (line) => console.log(`[outbox] ${line}`),
    });

  let current: Started = await start();
  const stop = async () => {
    await host.close();
    await current.core.shutdown();
    process.exit(0);
  };
  // The attendant's "reload the configuration": the old core ends every session and closes its files before a new
  // one opens them from the configuration as it is now; then every page reconnects to the new core.
  const reload = async () => {
    await current.core.shutdown();
    current = await start();
    host.disconnectAll();
    log('configuration reloaded');
  };
  const host = await startBrowserHost({
    core: () => current.core,
    rendererDir: path.join(repo, 'out/renderer'),
    port,
    log,
    attendant: { quit: () => void stop(), reload: () => void reload().catch((err: unknown) => log(`reload failed: ${String(err)}`)) },
  });
  if (current.paths) log(`data: ${dataDir} (outbox ${current.paths.outbox}, audit ${current.paths.audit})`);
  console.log(`Guichet is served at ${host.url}`);
  process.on('unhandledRejection', (err) => log(`unhandled: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
