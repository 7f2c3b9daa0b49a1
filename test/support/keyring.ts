import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type ChildRun = { code: number | null; stdout: string; stderr: string };

/** An environment with no session bus and a throw-away HOME, so nothing reaches the user's own keyring. */
function isolatedEnv(home: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const key of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY', 'GNOME_KEYRING_CONTROL', 'SSH_AUTH_SOCK']) delete env[key];
  const runtime = path.join(home, 'runtime');
  mkdirSync(runtime, { mode: 0o700, recursive: true });
  return {
    ...env,
    HOME: home,
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_RUNTIME_DIR: runtime,
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`${command} did not finish within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs a command inside a private D-Bus session where gnome-keyring-daemon serves the Secret Service with a
 * login keyring unlocked by a random password, as on a Linux desktop session. Fails loudly when the
 * keyring cannot start.
 */
export async function runWithKeyring(
  command: string,
  args: string[],
  opts: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<ChildRun> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'guichet-keyring-'));
  try {
    const env = isolatedEnv(home, { ...opts.env, GUICHET_TEST_KEYRING_PASSWORD: randomBytes(12).toString('hex') });
    const script =
      'printf %s "$GUICHET_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null ' +
      '|| { echo "gnome-keyring-daemon failed to start" >&2; exit 97; }; unset GUICHET_TEST_KEYRING_PASSWORD; exec "$@"';
    return await run('dbus-run-session', ['--', 'sh', '-c', script, 'sh', command, ...args], env, opts.cwd, opts.timeoutMs);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Runs a command with no session bus at all, as on a headless server. */
export async function runWithoutKeyring(
  command: string,
  args: string[],
  opts: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<ChildRun> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'guichet-nokeyring-'));
  try {
    return await run(command, args, isolatedEnv(home, opts.env ?? {}), opts.cwd, opts.timeoutMs);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
