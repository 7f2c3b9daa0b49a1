import { readFileSync } from 'node:fs';
import { contentSecurityPolicy } from '../../electron/core/csp';
import { homeUrl } from '../../electron/shell/app-protocol';
import { step } from '../e2e/fixtures';
import { expect, test } from './fixtures';
import { isVisitorPage } from './guichet-app';

test('the visitor window is sandboxed and isolated, with no Node and only the typed bridge', async ({ guichet, window }) => {
  await step(window, 'home');
  const renderer = await guichet.electronApp.evaluate(({ app, BrowserWindow }) => {
    const windows = BrowserWindow.getAllWindows();
    const contents = windows[0]!.webContents;
    const pid = contents.getOSProcessId();
    return {
      windows: windows.length,
      pid,
      // Reported on macOS and Windows; Linux is read from /proc below.
      sandboxed: app.getAppMetrics().find((m) => m.pid === pid)?.sandboxed,
      persistent: contents.session.isPersistent(),
    };
  });
  expect(renderer.windows).toBe(1);
  // In memory only: nothing of a visitor is written to the profile.
  expect(renderer.persistent).toBe(false);
  if (process.platform === 'linux') {
    // Chromium's Linux sandbox puts a sandboxed renderer under a seccomp-bpf filter (mode 2).
    expect(readFileSync(`/proc/${renderer.pid}/status`, 'utf8')).toMatch(/^Seccomp:\s+2$/m);
  } else {
    expect(renderer.sandboxed).toBe(true);
  }
  // The main world sees the bridge's two functions and nothing of Node or of the preload's ipcRenderer; contextBridge
  // exposes nothing at all without context isolation, so the bridge being there proves it on.
  const world = await window.evaluate(() => {
    const w = globalThis as unknown as Record<string, unknown>;
    return {
      require: typeof w.require,
      process: typeof w.process,
      module: typeof w.module,
      ipcRenderer: typeof w.ipcRenderer,
      bridge: Object.keys((w.guichet ?? {}) as object).sort(),
    };
  });
  expect(world).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined', bridge: ['invoke', 'on'] });
});

// Uses the app without the `window` fixture: the violations this test provokes on purpose would fail its CSP watch.
test('app:// serves the renderer under its CSP, which blocks inline script and eval', async ({ guichet }) => {
  const window = await guichet.visitorWindow();
  expect(window.url()).toBe(homeUrl);
  const served = await window.evaluate(async () => {
    const response = await fetch('/index.html');
    return { status: response.status, csp: response.headers.get('content-security-policy'), nosniff: response.headers.get('x-content-type-options') };
  });
  expect(served).toEqual({ status: 200, csp: contentSecurityPolicy, nosniff: 'nosniff' });
  const blocked = await window.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    let evalRan = true;
    try {
      (0, eval)('1');
    } catch {
      evalRan = false;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { inlineRan: (globalThis as unknown as { __inlineRan?: boolean }).__inlineRan === true, evalRan, violations };
  });
  expect(blocked.inlineRan).toBe(false);
  expect(blocked.evalRan).toBe(false);
  expect(blocked.violations).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src/)]));
});

test('navigation away from the app and new windows are refused', async ({ guichet, window }) => {
  await window.evaluate(() => {
    location.href = 'https://example.com/';
  });
  await guichet.logged(/navigation: refused navigation to a https URL/);
  expect(window.url()).toBe(homeUrl);

  const opened = await window.evaluate(() => globalThis.open('https://example.com/', '_blank') === null);
  expect(opened).toBe(true);
  await guichet.logged(/navigation: refused a new window/);
  expect(guichet.electronApp.windows().filter(isVisitorPage)).toHaveLength(1);
  expect(await guichet.electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  await step(window, 'home');
});

test('every permission the page asks for is denied', async ({ window }) => {
  const answers = await window.evaluate(async () => {
    const geolocation = await new Promise<number | 'granted'>((resolve) =>
      navigator.geolocation.getCurrentPosition(
        () => resolve('granted'),
        (err) => resolve(err.code),
        { timeout: 5_000 },
      ),
    );
    const clipboard = await navigator.clipboard.readText().then(
      () => 'granted',
      (err: Error) => err.name,
    );
    return {
      notification: await Notification.requestPermission(),
      geolocation,
      clipboard,
      microphone: (await navigator.permissions.query({ name: 'microphone' as PermissionName })).state,
      camera: (await navigator.permissions.query({ name: 'camera' as PermissionName })).state,
    };
  });
  expect(answers).toEqual({
    notification: 'denied',
    // GeolocationPositionError.PERMISSION_DENIED
    geolocation: 1,
    clipboard: 'NotAllowedError',
    microphone: 'denied',
    camera: 'denied',
  });
});
