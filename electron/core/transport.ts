import type { EventName, Events } from '../../shared/contract';
import type { ExternalSignInHooks } from './broker/external-sign-in';

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
  /** Validates the request name and payload; always resolves to a result value, never throws. */
  handle(name: string, payload: unknown): Promise<unknown>;
  /** Wipes the session (audit `session.wiped`) and forgets the connection. */
  close(reason: string): void;
}

export interface Core {
  connect(hooks: ConnectionHooks): CoreConnection;
  /** Live visitor sessions, for the attendant status and isolation tests. */
  liveSessions(): number;
  shutdown(): Promise<void>;
}
