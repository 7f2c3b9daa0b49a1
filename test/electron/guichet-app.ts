import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, type ElectronApplication, type Page } from '@playwright/test';
import { appOrigin } from '../../electron/shell/app-protocol';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type GuichetApp = {
  electronApp: ElectronApplication;
  dataDir: string;
  configFile: string;
  /** Everything the main process wrote to stdout and stderr (the shell echoes its log lines to stderr). */
  output: string[];
  /** The visitor window now shown (a wipe replaces it). */
  visitorWindow(): Promise<Page>;
  /** Resolves once the main process logged a line matching `pattern`. */
  logged(pattern: RegExp): Promise<void>;
  close(): Promise<void>;
};

export type LaunchOptions = {
  config: Record<string, unknown>;
  env?: Record<string, string>;
  /** A packaged app's executable; without it, Electron from node_modules starts the built app folder (`out/`). */
  executablePath?: string;
};

export const isVisitorPage = (page: Page) => page.url().startsWith(`${appOrigin}/`);

/** Writes the config into a fresh data folder and starts the app on it, as IT would: `--config FILE --data-dir DIR`. */
export async function launchGuichet({ config, env = {}, executablePath }: LaunchOptions): Promise<GuichetApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-electron-'));
  const configFile = path.join(dataDir, 'config.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const appArgs = ['--config', configFile, '--data-dir', dataDir];
  const electronApp = await electron.launch({
    ...(executablePath ? { executablePath } : {}),
    args: executablePath ? appArgs : [repo, ...appArgs],
    cwd: repo,
    env: { ...(process.env as Record<string, string>), ...env },
    timeout: 60_000,
  });
  const output: string[] = [];
  const child = electronApp.process();
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

  const visitorWindow = async () => {
    await expect.poll(() => electronApp.windows().filter(isVisitorPage).length, { message: 'a visitor window' }).toBeGreaterThan(0);
    const page = electronApp.windows().filter(isVisitorPage).at(-1)!;
    await expect(page.locator('[data-step]')).toBeVisible();
    return page;
  };
  return {
    electronApp,
    dataDir,
    configFile,
    output,
    visitorWindow,
    logged: (pattern) => expect.poll(() => pattern.test(output.join('')), { message: `main process log ${pattern}` }).toBe(true),
    close: async () => {
      await electronApp.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Where `npm run dist:test` (`--dir`, build/electron-builder.test.config.mjs) leaves the unpacked app's executable. */
export function packagedExecutable(): string {
  const out = path.join(repo, 'dist', 'test');
  const candidates =
    process.platform === 'win32'
      ? [path.join(out, 'win-unpacked', 'Guichet.exe')]
      : process.platform === 'darwin'
        ? [process.arch === 'arm64' ? 'mac-arm64' : 'mac', 'mac', 'mac-universal'].map((dir) => path.join(out, dir, 'Guichet.app', 'Contents', 'MacOS', 'Guichet'))
        : [path.join(out, 'linux-unpacked', 'guichet')];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`no packaged app at ${candidates.join(' or ')}: run \`npm run dist:test\` first`);
  return found;
}
