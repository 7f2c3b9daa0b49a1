import { clipboard, powerSaveBlocker, session, type BrowserWindow, type Rectangle, type Session } from 'electron';
import type { EventName, RequestName } from '../../shared/contract';
import type { Core, CoreConnection, ExternalSignIn } from '../core/transport';
import { homeUrl } from './app-protocol';
import { sendEvent, type IpcTarget } from './ipc';
import { isBlockedKioskKey } from './kiosk-keys';
import { openEntraSignInWindow, type SignInWindow } from './entra-sign-in-window';
import { createSecureWindow } from './secure-window';
import { lockDownSession } from './web-guards';

export type VisitorWindowsOptions = {
  core: Core;
  kiosk: boolean;
  devTools: boolean;
  preload: string;
  serve: (request: Request) => Promise<Response>;
  /** The attendant menu's quit and reload-config actions. */
  attendant: { quit(): void; reload(): void };
  log: (line: string) => void;
};

type Seat = { window: BrowserWindow; session: Session; partition: string; retired: boolean };

/**
 * One visitor window at a time, bound to one core connection. A wipe (idle, flow ended) keeps the connection,
 * whose fresh session may already show a final screen, but gives it a new window in a new in-memory partition,
 * and clears the old partition: the renderer's store, web storage, caches and auth cache go with the old window.
 * A renderer crash or hang closes the connection (audited by the core) and starts over from home.
 */
export function createVisitorWindows(opts: VisitorWindowsOptions) {
  const { core, kiosk, log } = opts;
  let counter = 0;
  let seat: Seat | null = null;
  let connection: CoreConnection | null = null;
  let blocker: number | null = null;
  let quitting = false;

  const connect = (): CoreConnection => {
    const holder: { conn?: CoreConnection } = {};
    holder.conn = core.connect({
      send: (name, data) => {
        if (seat && !seat.retired && connection === holder.conn) sendEvent<EventName>(seat.window.webContents, name, data);
      },
      onWiped: () => {
        if (connection === holder.conn) replaceWindow('wiped');
      },
      attendant: opts.attendant,
      externalSignIn: {
        showsPage: true,
        update: (signIn) => {
          if (connection === holder.conn) showSignIn(signIn);
        },
      },
    });
    return holder.conn;
  };

  // The directory's sign-in page (backend.type "graph") over the visitor's window, while the flow waits for it.
  let signInWindow: { state: string; window: SignInWindow } | null = null;
  const closeSignIn = () => {
    signInWindow?.window.close();
    signInWindow = null;
  };
  const showSignIn = (signIn: ExternalSignIn | null) => {
    if (!signIn?.opened) return closeSignIn();
    if (signInWindow?.state === signIn.state) return;
    closeSignIn();
    const target = seat;
    if (!target || target.retired) return;
    const shown: { state: string; window: SignInWindow } = {
      state: signIn.state,
      window: openEntraSignInWindow({
        parent: target.window,
        signIn,
        kiosk,
        log,
        // The renderer passes the redirect (or the reason it never came) to the core with its step token.
        onEnd: (end) => {
          if (signInWindow === shown) signInWindow = null;
          if (seat === target && !target.retired) sendEvent(target.window.webContents, 'signin-external', end);
        },
      }),
    };
    signInWindow = shown;
  };

  const stopDisplayAwake = () => {
    if (blocker !== null && powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
    blocker = null;
  };

  const openWindow = (bounds?: Rectangle): Seat => {
    const partition = `guichet-visitor-${++counter}`;
    const ses = session.fromPartition(partition, { cache: false });
    lockDownSession(ses, opts.serve);
    const window = createSecureWindow({ kiosk, devTools: opts.devTools, preload: opts.preload, partition, bounds });
    const entry: Seat = { window, session: ses, partition, retired: false };
    seat = entry;
    wire(entry);
    window.once('ready-to-show', () => {
      if (entry.retired) return;
      window.show();
      window.focus();
    });
    window.loadURL(homeUrl).catch((err: unknown) => log(`window: home did not load: ${err instanceof Error ? err.message : String(err)}`));
    return entry;
  };

  const retire = async (entry: Seat) => {
    entry.retired = true;
    // destroy(), not close(): a page's beforeunload cannot keep the previous visitor's window alive.
    if (!entry.window.isDestroyed()) entry.window.destroy();
    try {
      await entry.session.clearStorageData();
      await entry.session.clearCache();
      await entry.session.clearAuthCache();
    } catch (err) {
      log(`window: clearing ${entry.partition} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  /** The new window first, then the old one goes: the app never has zero windows, so it never quits by accident. */
  const replaceWindow = (reason: string) => {
    const old = seat;
    if (!old || old.retired || quitting) return;
    stopDisplayAwake();
    // On a kiosk the only clipboard content is what a visitor copied inside the app.
    if (kiosk) clipboard.clear();
    const bounds = !kiosk && !old.window.isDestroyed() ? old.window.getBounds() : undefined;
    openWindow(bounds);
    void retire(old);
    log(`window: new visitor window (${reason})`);
  };

  /** The visitor's session ends with the window (audited by the core under `reason`); the next one starts at home. */
  const restart = (entry: Seat, reason: 'renderer-gone' | 'renderer-unresponsive' | 'window-closed', detail: string) => {
    if (entry.retired || seat !== entry || quitting) return;
    log(`window: ${reason} (${detail})`);
    connection?.close(reason);
    connection = connect();
    replaceWindow(reason);
  };

  const wire = (entry: Seat) => {
    const { window } = entry;
    const contents = window.webContents;
    contents.on('render-process-gone', (_event, details) => restart(entry, 'renderer-gone', details.reason));
    window.on('unresponsive', () => restart(entry, 'renderer-unresponsive', 'hang'));
    contents.on('before-input-event', (event, input) => {
      if (kiosk && isBlockedKioskKey(input)) event.preventDefault();
    });
    if (kiosk) {
      contents.on('context-menu', (event) => event.preventDefault());
      contents.on('did-finish-load', () => {
        contents.setVisualZoomLevelLimits(1, 1).catch(() => {});
      });
      window.on('close', (event) => {
        if (!quitting) event.preventDefault();
      });
    }
    window.on('session-end', () => {
      quitting = true;
    });
    window.on('closed', () => {
      if (entry.retired || seat !== entry) return;
      // Closed despite the guards (an OS shortcut): on a kiosk the next visitor still gets a window.
      if (kiosk && !quitting) return restart(entry, 'window-closed', 'closed');
      seat = null;
      stopDisplayAwake();
      connection?.close('window-closed');
      connection = null;
      void retire(entry);
    });
  };

  return {
    start(): void {
      connection = connect();
      openWindow();
    },
    /** What the IPC layer may talk to: the current window and its connection. */
    current(): IpcTarget | null {
      if (!seat || seat.retired || !connection || seat.window.isDestroyed()) return null;
      return { webContents: seat.window.webContents, connection };
    },
    /** A visitor is using the kiosk once they ask for anything beyond the screen they were given. */
    noteRequest(name: RequestName): void {
      if (kiosk && name !== 'view.get' && blocker === null) blocker = powerSaveBlocker.start('prevent-display-sleep');
    },
    focus(): void {
      if (!seat || seat.retired) return;
      if (seat.window.isMinimized()) seat.window.restore();
      seat.window.focus();
    },
    /** Before the app quits: the visitor's session is closed (audited) and windows may close. */
    quit(): void {
      if (quitting) return;
      quitting = true;
      stopDisplayAwake();
      connection?.close('app-quit');
      connection = null;
    },
  };
}

export type VisitorWindows = ReturnType<typeof createVisitorWindows>;
