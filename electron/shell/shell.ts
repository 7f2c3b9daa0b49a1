import path from 'node:path';
import { app, Menu, protocol } from 'electron';
import type { Config } from '../core/config/schema';
import type { Core } from '../core/transport';
import { captchaClipsDir } from './captcha-clips-dir';
import { appSchemePrivileges, createAppProtocolHandler } from './app-protocol';
import { registerRequestHandlers } from './ipc';
import { createLogFile } from './log-file';
import { parseShellArgs } from './shell-args';
import { createVisitorWindows } from './visitor-windows';
import { guardWebContents } from './web-guards';

/** The part of `startCore` (electron/core/bootstrap.ts) the shell relies on. */
export type CoreStarter = (opts: {
  argv: string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  dataDir: string;
  installed: boolean;
  version: string;
  captchaClipsDir: string;
  log: (line: string) => void;
}) => Promise<{ core: Core; config: Config | null }>;

export type ShellDeps = {
  startCore: CoreStarter;
  argv: string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Where main-process faults are reported: `process` in the app. */
  processEvents: { on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown };
  /** process.resourcesPath in the app: where a packaged build keeps the CAPTCHA's audio clips. */
  resourcesPath: string;
  /** A copy of each log line, e.g. to stderr. */
  echo?: (line: string) => void;
};

const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

/** A staff workstation keeps the macOS Edit menu, without which copy and paste shortcuts do nothing there. */
const staffMenu = (platform: NodeJS.Platform) =>
  platform === 'darwin' ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }]) : null;

/**
 * The Electron shell: one instance, the `app://` protocol, the core started from configuration, one visitor
 * window at a time and the IPC transport. Everything the app decides lives in the core; this only hosts it.
 */
export async function runShell(deps: ShellDeps): Promise<void> {
  const args = parseShellArgs(deps.argv.slice(1));
  // Chromium's profile, the single-instance lock, the logs and the app's files all follow --data-dir.
  if (args.dataDir) app.setPath('userData', path.resolve(args.dataDir));
  const dataDir = app.getPath('userData');
  const { log } = createLogFile({ dir: app.getPath('logs'), echo: deps.echo });

  app.setAppUserModelId('org.guichet.app');
  if (!app.requestSingleInstanceLock()) {
    log('main: Guichet is already running with this data folder');
    app.quit();
    return;
  }
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
  app.enableSandbox();

  let kiosk = false;
  deps.processEvents.on('uncaughtException', (err) => {
    log(`main: uncaught exception: ${describe(err)}`);
    // A kiosk must come back to its home screen, never sit on a broken app or a desktop.
    if (kiosk) {
      app.relaunch();
      app.exit(1);
    }
  });
  deps.processEvents.on('unhandledRejection', (reason) => log(`main: unhandled rejection: ${describe(reason)}`));
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, log));

  await app.whenReady();
  let started: Awaited<ReturnType<CoreStarter>>;
  try {
    started = await deps.startCore({
      argv: deps.argv.slice(1),
      env: deps.env,
      platform: deps.platform,
      dataDir,
      installed: app.isPackaged,
      version: app.getVersion(),
      captchaClipsDir: captchaClipsDir({ packaged: app.isPackaged, resourcesPath: deps.resourcesPath, appPath: app.getAppPath() }),
      log,
    });
  } catch (err) {
    log(`main: the core did not start: ${describe(err)}`);
    app.exit(1);
    return;
  }
  const { core, config } = started;
  kiosk = config?.kiosk.enabled ?? false;
  Menu.setApplicationMenu(kiosk ? null : staffMenu(deps.platform));

  const appDir = app.getAppPath();
  const windows = createVisitorWindows({
    core,
    kiosk,
    devTools: args.dev,
    preload: path.join(appDir, 'out', 'preload', 'preload.cjs'),
    serve: createAppProtocolHandler(path.join(appDir, 'out', 'renderer')),
    attendant: {
      quit: () => app.quit(),
      // The configuration is read once at start, with the machine-wide checks: reloading it is starting again.
      reload: () => {
        app.relaunch();
        app.quit();
      },
    },
    log,
  });
  registerRequestHandlers({ current: windows.current, onRequest: windows.noteRequest, log });

  app.on('second-instance', () => windows.focus());
  app.on('before-quit', () => windows.quit());
  app.on('window-all-closed', () => app.quit());
  let shutDown = false;
  app.on('will-quit', (event) => {
    if (shutDown) return;
    event.preventDefault();
    core
      .shutdown()
      .catch((err: unknown) => log(`main: shutdown: ${describe(err)}`))
      .finally(() => {
        shutDown = true;
        app.quit();
      });
  });
  windows.start();
  log(`main: started${kiosk ? ' in kiosk mode' : ''}`);
}
