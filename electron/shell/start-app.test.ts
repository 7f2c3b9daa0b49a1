import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { startApp, type AppProcess } from './start-app';

function fakeProcess(argv: string[], defaultApp = false) {
  const written = { out: '', err: '' };
  const proc: AppProcess = {
    argv,
    defaultApp,
    env: {},
    platform: 'linux',
    stdin: Readable.from([]),
    stdout: { write: (s: string, done?: () => void) => ((written.out += s), done?.(), true) },
    stderr: { write: (s: string, done?: () => void) => ((written.err += s), done?.(), true) },
    exit: vi.fn(),
  };
  return { proc, written };
}

describe('startApp', () => {
  it('runs an IT command, prints and exits with its code, without starting the shell', async () => {
    const { proc, written } = fakeProcess(['/opt/Guichet/guichet', '--version']);
    const startShell = vi.fn(async () => {});
    await startApp({ process: proc, version: '1.2.3', installed: true, startShell });
    expect(written.out).toBe('1.2.3\n');
    expect(proc.exit).toHaveBeenCalledWith(0);
    expect(startShell).not.toHaveBeenCalled();
  });

  it('exits 2 on a usage error', async () => {
    const { proc, written } = fakeProcess(['/opt/Guichet/guichet', 'config', 'lint']);
    await startApp({ process: proc, version: '1.2.3', installed: true, startShell: vi.fn(async () => {}) });
    expect(proc.exit).toHaveBeenCalledWith(2);
    expect(written.err).toContain('config: unknown command lint');
  });

  it('skips the app folder Electron was started on (`electron .`)', async () => {
    const { proc, written } = fakeProcess(['/repo/node_modules/electron/dist/electron', '.', 'config', 'schema'], true);
    await startApp({ process: proc, version: '1.2.3', installed: false, startShell: vi.fn(async () => {}) });
    expect(JSON.parse(written.out).title).toBe('Guichet configuration');
    expect(proc.exit).toHaveBeenCalledWith(0);
  });

  it('starts the shell at once for anything else, so it registers its scheme before Electron is ready', () => {
    for (const [argv, defaultApp] of [
      [['/opt/Guichet/guichet'], false],
      [['/opt/Guichet/guichet', '--config', '/etc/guichet/config.json', '--data-dir', '/srv/kiosk'], false],
      [['electron', '--inspect=0', '--remote-debugging-port=0', '.', '--dev'], true],
    ] as const) {
      const { proc } = fakeProcess([...argv], defaultApp);
      const startShell = vi.fn(async () => {});
      void startApp({ process: proc, version: '1.2.3', installed: false, startShell });
      // Called synchronously, not after a microtask: Electron's ready event must not overtake the shell's set-up.
      expect(startShell).toHaveBeenCalledTimes(1);
      expect(proc.exit).not.toHaveBeenCalled();
    }
  });
});
