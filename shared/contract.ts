import { z } from 'zod';
import type { BridgeError } from './errors';
import type { View } from './steps';

const token = z.string().min(1).max(64);
const text = (max: number) => z.string().max(max);
const flow = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ token, ...shape });

/**
 * Every request the renderer can make, with the schema its payload must match on the main side.
 * Flow requests carry the single-use step token of the view they act on.
 */
export const requestSchemas = {
  'view.get': z.strictObject({}),
  'locale.set': z.strictObject({ locale: text(12) }),
  'activity.ping': z.strictObject({}),

  'home.sign-in': flow({}),
  'home.recover': flow({}),

  'signin.identifier': flow({ identifier: text(256) }),
  'signin.password': flow({ password: text(256) }),
  'signin.forgot': flow({}),

  'security-info.configure': flow({ method: z.enum(['phone', 'email']) }),
  'security-info.finish': flow({}),

  'phone.send': flow({ country: text(2), number: text(40), channel: z.enum(['sms', 'voice']) }),
  'email.send': flow({ address: text(254) }),
  'code.verify': flow({ code: text(16) }),
  'code.resend': flow({}),
  'method.remove': flow({}),

  'recovery.identify': flow({ identifier: text(256), captcha: text(16) }),
  'recovery.captcha-refresh': flow({}),
  'recovery.captcha-audio': flow({}),
  'recovery.choose': flow({ option: text(32) }),
  'recovery.confirm': flow({ value: text(254) }),
  'recovery.password': flow({ password: text(512), confirm: text(512) }),

  'flow.helpdesk': flow({}),
  'flow.back': flow({}),
  'flow.cancel': flow({}),
} as const;

export type RequestName = keyof typeof requestSchemas;
export const requestNames = Object.keys(requestSchemas) as RequestName[];
export type RequestPayload<K extends RequestName> = z.input<(typeof requestSchemas)[K]>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: BridgeError; value?: T };
export type ViewResult = { ok: true; view: View } | { ok: false; error: BridgeError; view?: View };

/** What each request answers. Errors are values; nothing is thrown across the bridge. */
export type ResultOf<K extends RequestName> = K extends 'recovery.captcha-audio'
  ? { ok: true; audio: string; view: View } | { ok: false; error: BridgeError; view?: View }
  : ViewResult;

/** Events from the main side; each listener registration returns its own unsubscribe function. */
export type Events = {
  'idle-warning': { secondsLeft: number };
  'session-reset': Record<string, never>;
  /** The attendant's key combination was pressed (kiosk): the screen opens the PIN prompt. */
  'attendant-open': Record<string, never>;
};
export type EventName = keyof Events;

/** What the preload (or the browser host's client) puts on `window.guichet`. */
export type Bridge = {
  invoke<K extends RequestName>(name: K, payload: RequestPayload<K>): Promise<ResultOf<K>>;
  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void;
};

/** The one IPC channel name prefix; the Electron transport uses `guichet:<request>`. */
export const ipcChannel = (name: RequestName) => `guichet:${name}`;
