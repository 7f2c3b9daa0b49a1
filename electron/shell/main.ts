import { app } from 'electron';
import { startCore } from '../core/bootstrap';
import { runShell } from './shell';
import { startApp } from './start-app';

void startApp({
  process,
  version: app.getVersion(),
  installed: app.isPackaged,
  startShell: () =>
    runShell({
      startCore,
      argv: process.argv,
      env: process.env,
      platform: process.platform,
      processEvents: process,
      resourcesPath: process.resourcesPath,
      echo: (line) => process.stderr.write(`${line}\n`),
    }),
});
