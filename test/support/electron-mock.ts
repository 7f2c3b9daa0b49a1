import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { vi } from 'vitest';

/**
 * The one stand-in for the `electron` module in shell and preload tests:
 *   vi.mock('electron', () => import('../../test/support/electron-mock'));
 * It covers only what the shell uses, records what it was asked, and lets a test fire the events Electron would.
 * `resetElectronMock()` in `beforeEach` puts every fake back to its initial state.
 */

export class FakeEvent {
  defaultPrevented = false;
  preventDefault = vi.fn(() => {
    this.defaultPrevented = true;
  });
}

export class FakeFrame {
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
  ) {}
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  destroyed = false;
  mainFrame = new FakeFrame('app://guichet/index.html');
  windowOpenHandler: WindowOpenHandler | undefined;
  send = vi.fn();
  setWindowOpenHandler = vi.fn((handler: WindowOpenHandler) => {
    this.windowOpenHandler = handler;
  });
  setVisualZoomLevelLimits = vi.fn(async (_min: number, _max: number) => {});
  isDestroyed = () => this.destroyed;
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  readonly options: BrowserWindowConstructorOptions & { webPreferences: WebPreferences };
  constructor(options: BrowserWindowConstructorOptions) {
    super();
    this.options = { ...options, webPreferences: options.webPreferences ?? {} };
    FakeBrowserWindow.instances.push(this);
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  loadURL = vi.fn(async (_url: string) => {});
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = () => this.minimized;
  getBounds = () => ({ x: 40, y: 30, width: 900, height: 700 });
  isDestroyed = () => this.destroyed;
  /** Like Electron: no `close` event, no beforeunload, but `closed` is guaranteed. */
  destroy = vi.fn(() => {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  });
  close = vi.fn(() => {
    const event = new FakeEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  });
}

export class FakeSession extends EventEmitter {
  readonly protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  readonly protocol = {
    handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
      this.protocolHandlers.set(scheme, handler);
    }),
  };
  permissionRequestHandler: ((...args: unknown[]) => void) | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
  constructor(
    public readonly partition: string,
    public readonly options: Record<string, unknown> | undefined,
  ) {
    super();
  }
  setPermissionRequestHandler = vi.fn((handler: (...args: unknown[]) => void) => {
    this.permissionRequestHandler = handler;
  });
  setPermissionCheckHandler = vi.fn((handler: (...args: unknown[]) => boolean) => {
    this.permissionCheckHandler = handler;
  });
  setDevicePermissionHandler = vi.fn((handler: (...args: unknown[]) => boolean) => {
    this.devicePermissionHandler = handler;
  });
  clearStorageData = vi.fn(async () => {});
  clearCache = vi.fn(async () => {});
  clearAuthCache = vi.fn(async () => {});
}

const sessions = new Map<string, FakeSession>();
export const session = {
  fromPartition: vi.fn((partition: string, options?: Record<string, unknown>) => {
    let s = sessions.get(partition);
    if (!s) {
      s = new FakeSession(partition, options);
      sessions.set(partition, s);
    }
    return s;
  }),
};
export const fakeSessions = sessions;

class FakeApp extends EventEmitter {
  paths = new Map<string, string>();
  isPackaged = false;
  appPath = '/opt/guichet';
  singleInstance = true;
  setPath = vi.fn((name: string, value: string) => {
    this.paths.set(name, value);
  });
  getPath = vi.fn((name: string): string => {
    if (name === 'logs' && !this.paths.has('logs')) return path.join(this.getPath('userData'), 'logs');
    return this.paths.get(name) ?? `/fake/${name}`;
  });
  getAppPath = vi.fn(() => this.appPath);
  setAppUserModelId = vi.fn();
  requestSingleInstanceLock = vi.fn(() => this.singleInstance);
  enableSandbox = vi.fn();
  whenReady = vi.fn(async () => {});
  quit = vi.fn();
  exit = vi.fn();
  relaunch = vi.fn();
  getVersion = vi.fn(() => '0.1.0');
}
export const app = new FakeApp();

export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn(),
};

const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
export const ipcMain = {
  handlers: ipcHandlers,
  handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  }),
  removeHandler: vi.fn((channel: string) => {
    ipcHandlers.delete(channel);
  }),
};

class FakeIpcRenderer extends EventEmitter {
  invoke = vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true }));
}
export const ipcRenderer = new FakeIpcRenderer();

export const exposed: Record<string, unknown> = {};
export const contextBridge = {
  exposeInMainWorld: vi.fn((key: string, api: unknown) => {
    exposed[key] = api;
  }),
};

export const Menu = {
  setApplicationMenu: vi.fn(),
  buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
};

export const clipboard = {
  readText: vi.fn(() => ''),
  clear: vi.fn(),
};

const blockers = new Set<number>();
let nextBlocker = 1;
export const powerSaveBlocker = {
  start: vi.fn((_type: string) => {
    const id = nextBlocker++;
    blockers.add(id);
    return id;
  }),
  stop: vi.fn((id: number) => blockers.delete(id)),
  isStarted: vi.fn((id: number) => blockers.has(id)),
};

export const BrowserWindow = FakeBrowserWindow;

export function resetElectronMock(): void {
  vi.resetAllMocks();
  FakeBrowserWindow.instances = [];
  sessions.clear();
  ipcHandlers.clear();
  blockers.clear();
  for (const key of Object.keys(exposed)) delete exposed[key];
  app.removeAllListeners();
  app.paths.clear();
  app.isPackaged = false;
  app.appPath = '/opt/guichet';
  app.singleInstance = true;
  ipcRenderer.removeAllListeners();
}
