import { z } from 'zod';
import type { AttendantStatus } from './attendant';
import type { BridgeError } from './errors';
import type { MethodKind, View } from './steps';

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
  /** Sign-in on the directory's own page: the visitor opened it, it came back (`redirectUrl`), or it closed without an answer. */
  'signin.external-open': flow({}),
  'signin.external-complete': flow({ redirectUrl: text(8192) }),
  'signin.external-cancel': flow({ reason: z.enum(['closed', 'timeout']) }),

  'security-info.configure': flow({ method: z.enum(['phone', 'email'] as const satisfies readonly MethodKind[]) }),
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

  'recovery.captcha-attendant': flow({ pin: text(64) }),

  'attendant.unlock': z.strictObject({ pin: text(64) }),
  'attendant.status': z.strictObject({}),
  'attendant.close': z.strictObject({}),
  'attendant.quit': z.strictObject({}),
  'attendant.reload': z.strictObject({}),

  'flow.helpdesk': flow({}),
  'flow.back': flow({}),
  'flow.cancel': flow({}),
} as const;

export type RequestName = keyof typeof requestSchemas;
export const requestNames = Object.keys(requestSchemas) as RequestName[];
export type RequestPayload<K extends RequestName> = z.input<(typeof requestSchemas)[K]>;
/** A payload once its schema has checked it: what the main side's handlers are given. */
export type RequestOf<K extends RequestName> = z.output<(typeof requestSchemas)[K]>;
export const isRequestName = (name: string): name is RequestName => Object.hasOwn(requestSchemas, name);

export type ViewResult = { ok: true; view: View } | { ok: false; error: BridgeError; view?: View };

/** What each request answers. Errors are values; nothing is thrown across the bridge. */
export type ResultOf<K extends RequestName> = K extends 'recovery.captcha-audio'
  ? { ok: true; audio: string; view: View } | { ok: false; error: BridgeError; view?: View }
  : K extends Exclude<AttendantRequest, AttendantAction>
    ? AttendantResult
    : K extends AttendantAction
      ? { ok: true } | { ok: false; error: BridgeError }
      : ViewResult;

/** The refusal every request's result admits: what the main side answers when it can do nothing else. */
export type Refused = { ok: false; error: BridgeError; view?: View };
// Fails to compile if a request's result could not be a refusal, which `refusedAs` relies on.
type RefusableResults = { [K in RequestName]: Refused extends ResultOf<K> ? true : never };
export const everyResultRefusable: RefusableResults[RequestName] = true;
/** A refusal as the result of `K`: TypeScript does not resolve `ResultOf` of a type parameter, the check above does. */
export const refusedAs = <K extends RequestName>(refused: Refused): ResultOf<K> => refused as ResultOf<K>;

/** The attendant's requests act on the device, not on a visitor's flow: they carry no step token and answer no view. */
export type AttendantAction = 'attendant.close' | 'attendant.quit' | 'attendant.reload';
export type AttendantResult = { ok: true; status: AttendantStatus } | { ok: false; error: BridgeError };
export type AttendantRequest = 'attendant.unlock' | 'attendant.status' | AttendantAction;
export const isAttendantRequest = (name: string): name is AttendantRequest => name.startsWith('attendant.') && Object.hasOwn(requestSchemas, name);
/** Everything else is a visitor's request, answered by the broker with a view. */
export type VisitorRequest = Exclude<RequestName, AttendantRequest>;

/** Events from the main side; each listener registration returns its own unsubscribe function. */
export type Events = {
  'idle-warning': { secondsLeft: number };
  'session-reset': Record<string, never>;
  /** The directory's sign-in page ended: on its redirect (to pass back with `signin.external-complete`), or closed without one. */
  'signin-external': { redirectUrl: string } | { closed: 'closed' | 'timeout' };
};
export type EventName = keyof Events;

/** What the preload (or the browser host's client) puts on `window.guichet`. */
export type Bridge = {
  invoke<K extends RequestName>(name: K, payload: RequestPayload<K>): Promise<ResultOf<K>>;
  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void;
};

/** The one IPC channel name prefix; the Electron transport uses `guichet:<request>`. */
export const ipcChannel = (name: RequestName) => `guichet:${name}`;
