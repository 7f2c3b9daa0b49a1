import { exitWhenFlushed, isItCommand, runItCommand } from '../core/cli/it-command';
import { itCommandArgs } from './it-command-args';

type Output = { write(text: string, done?: () => void): unknown };

export type AppProcess = {
  argv: string[];
  /** Electron started on a folder (`electron .`) rather than a packaged app. */
  defaultApp?: boolean;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  stdin: NodeJS.ReadableStream;
  stdout: Output;
  stderr: Output;
  exit(code: number): void;
};

export type StartAppDeps = {
  process: AppProcess;
  version: string;
  installed: boolean;
  /** Starts the window, the core and everything else; called only when the arguments are not an IT command. */
  startShell: () => Promise<void>;
};

/**
 * The executable's two faces: IT's command line (`guichet config check`, `guichet secrets set NAME`, …), which
 * prints, exits and never opens a window nor waits for Electron's ready event; or the app. The choice is
 * synchronous, so the shell still registers its scheme before Electron is ready.
 */
export function startApp({ process: proc, version, installed, startShell }: StartAppDeps): Promise<void> {
  const args = itCommandArgs(proc.argv, proc.defaultApp === true);
  if (!isItCommand(args)) return startShell();
  const io = { stdin: proc.stdin, stdout: proc.stdout, stderr: proc.stderr, env: proc.env, platform: proc.platform, version, installed };
  return runItCommand(args, io).then((code) => exitWhenFlushed([proc.stdout, proc.stderr], (c) => proc.exit(c), code ?? 0));
}
