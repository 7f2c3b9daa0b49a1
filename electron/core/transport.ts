import type { EventName, Events, RequestName, ResultOf } from '../../shared/contract';

/** What a transport learns of its visitor's sign-in: enough to show the page and route the redirect, never the verifier. */
export type ExternalSignIn = {
  url: string;
  redirectUri: string;
  authorityOrigin: string;
  /** Ties the redirect to this visitor's session (the browser host routes by it; the core checks it again). */
  state: string;
  expiresAt: number;
  opened: boolean;
};

/** How a transport (the Electron shell, the browser host) takes part in a sign-in on the directory's own page. */
export type ExternalSignInHooks = {
  /** The loopback port this transport receives the redirect on (the browser host), instead of the registered URI's. */
  redirectPort?: number;
  /** The transport shows the page in a window of its own (Electron); otherwise the screen opens it in a popup. */
  showsPage: boolean;
  /** Called whenever the visitor's sign-in changes: started, opened, over (null). */
  update(signIn: ExternalSignIn | null): void;
};


/**
 * What a transport (Electron IPC, the browser host's WebSocket) needs from the main-side core.
 * A visitor's session is bound to its connection: the transport never passes a session id from the renderer.
 */
export type ConnectionHooks = {
  /** Push an event to this connection's renderer. */
  send<E extends EventName>(event: E, data: Events[E]): void;
  /** The visitor's session was wiped (idle, finished, fault): a kiosk recreates its window with a fresh partition. */
  onWiped?(): void;
  /** What the attendant menu can do to the app on this transport; without them, quit and reload answer "unavailable". */
  attendant?: { quit(): void; reload(): void };
  /** How this transport takes part in a sign-in on the directory's own page (backend.type "graph"). */
  externalSignIn?: ExternalSignInHooks;
};

export interface CoreConnection {
  readonly id: string;
  /** Validates the payload against the request's schema; always resolves to the request's result value, never throws. */
  handle<K extends RequestName>(name: K, payload: unknown): Promise<ResultOf<K>>;
  /** Wipes the session (audit `session.wiped`) and forgets the connection. */
  close(reason: string): void;
}

export interface Core {
  connect(hooks: ConnectionHooks): CoreConnection;
  /** Live visitor sessions, for the attendant status and isolation tests. */
  liveSessions(): number;
  shutdown(): Promise<void>;
}
