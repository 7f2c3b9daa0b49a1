import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RequestName, RequestPayload, ResultOf } from '../../../shared/contract';
import type { BridgeError } from '../../../shared/errors';
import type { View } from '../../../shared/steps';
import { createAttendantActions, type AttendantActions, type AttendantPanel } from '../attendant/attendant-panel';
import type { LosableBridge } from '../bridge/ws-bridge';
import { clockOffset } from './clock';
import { createThrottle } from './throttle';

/** Requests that act on a step and must echo the view's single-use token. */
export type FlowRequest = {
  [K in RequestName]: RequestPayload<K> extends { token: string } ? K : never;
}[RequestName];
export type FlowPayload<K extends FlowRequest> = Omit<RequestPayload<K>, 'token'>;

export type GuichetState = {
  /** The main side's view model: the only source of what to show. */
  view?: View;
  /** The error of the last answer, when it was not ok. */
  error?: BridgeError;
  /** A request is in flight: actions are disabled so a token is never spent twice. */
  pending: boolean;
  connection: 'open' | 'lost';
  /** Main-side clock minus local clock, measured when `view` arrived. */
  offset: number;
  /** Local epoch ms at which the idle warning runs out; set while "Êtes-vous toujours là ?" is shown. */
  idleDeadline?: number;
  /** Changes when the main side resets the session, so screens drop whatever the visitor typed. */
  epoch: number;
  /** The attendant's PIN prompt or menu, when open. */
  attendant?: AttendantPanel;
};

export type Guichet = AttendantActions & {
  store: StoreApi<GuichetState>;
  /** The local clock, injected so countdowns can be tested. */
  now: () => number;
  start(): Promise<void>;
  /** Sends a flow request with the current token; ignored while another request is in flight. */
  flow<K extends FlowRequest>(name: K, payload: FlowPayload<K>): Promise<ResultOf<K> | undefined>;
  setLocale(locale: string): Promise<void>;
  /** Visitor input: tells the main side someone is here, at most once per `pingIntervalMs`. */
  activity(): void;
  /** The visitor is correcting what was refused: a message about the old input would now be wrong. */
  editing(): void;
  /** "Continuer" on the idle warning. */
  stillHere(): void;
  /** "Recommencer" on the idle warning. */
  restart(): void;
  /** A main-side event a screen waits for (the end of the directory's sign-in page); returns its unsubscribe function. */
  on: LosableBridge['on'];
  dispose(): void;
};

type Options = {
  bridge: LosableBridge;
  now?: () => number;
  pingIntervalMs?: number;
  /** A state to start from (e.g. a view already known), also what server-side rendering reads. */
  initial?: Partial<GuichetState>;
  /** Loads the page again: after the attendant reloads the configuration, the browser host's page reconnects. */
  reloadPage?: () => void;
  /** Made ready before a view is shown (its language's texts), so no screen shows in the previous language. */
  beforeView?: (view: View) => Promise<void>;
};

type Answer = { ok: boolean; view?: View; error?: BridgeError };

export const createGuichet = ({ bridge, now = Date.now, pingIntervalMs = 5000, initial, reloadPage = () => globalThis.location?.reload(), beforeView }: Options): Guichet => {
  const store = createStore<GuichetState>(() => ({ pending: false, connection: 'open', offset: 0, epoch: 0, ...initial }));
  const pings = createThrottle(pingIntervalMs);
  let sent = 0;
  let applied = 0;
  let inFlight = 0;

  // Answers may arrive out of order (a session reset racing a step): the latest request wins.
  const apply = (seq: number, answer: Answer) => {
    if (seq < applied) return;
    applied = seq;
    const patch: Partial<GuichetState> = { error: answer.ok ? undefined : answer.error };
    if (answer.view) {
      patch.view = answer.view;
      patch.offset = clockOffset(answer.view.now, now());
    }
    store.setState(patch);
  };

  const track = async <T extends Answer>(request: Promise<T>): Promise<T> => {
    const seq = ++sent;
    inFlight++;
    store.setState({ pending: true });
    try {
      // Nothing is thrown across the bridge by contract; a transport that breaks it still leaves a usable screen.
      const answer = await request.catch((): T => ({ ok: false, error: { code: 'unavailable' } }) as T);
      // A language that cannot load falls back to French rather than holding the screen.
      if (answer.view && beforeView) await beforeView(answer.view).catch(() => undefined);
      apply(seq, answer);
      return answer;
    } finally {
      inFlight--;
      store.setState({ pending: inFlight > 0 });
    }
  };

  const viewGet = () => track(bridge.invoke('view.get', {})).then(() => undefined);

  const ping = () => {
    if (store.getState().connection === 'lost') return;
    void bridge.invoke('activity.ping', {});
  };

  const flow = async <K extends FlowRequest>(name: K, payload: FlowPayload<K>): Promise<ResultOf<K> | undefined> => {
    const { view, connection } = store.getState();
    if (!view || inFlight > 0 || connection === 'lost') return undefined;
    const full = { ...payload, token: view.token } as unknown as RequestPayload<K>;
    return track(bridge.invoke(name, full) as Promise<ResultOf<K> & Answer>);
  };

  const unsubscribe = [
    bridge.on('idle-warning', ({ secondsLeft }) => store.setState({ idleDeadline: now() + secondsLeft * 1000 })),
    bridge.on('session-reset', () => {
      store.setState((state) => ({ epoch: state.epoch + 1, idleDeadline: undefined, error: undefined, attendant: undefined }));
      void viewGet();
    }),
    bridge.onLost(() => {
      const panel = store.getState().attendant;
      const reloading = panel?.mode === 'menu' && panel.reloading === true;
      store.setState({ connection: 'lost', pending: false, idleDeadline: undefined, attendant: undefined });
      if (reloading) reloadPage();
    }),
  ];

  const attendant = createAttendantActions({
    bridge,
    store,
    passCaptcha: async (pin) => {
      const answer = await flow('recovery.captcha-attendant', { pin });
      // The dialog shows a refused PIN; the step itself did not fail.
      if (answer && !answer.ok) store.setState({ error: undefined });
      return answer;
    },
  });

  return {
    ...attendant,
    store,
    now,
    start: viewGet,
    flow,
    setLocale: async (locale) => {
      if (store.getState().view?.locale === locale) return;
      await track(bridge.invoke('locale.set', { locale }));
    },
    activity: () => {
      if (store.getState().view && pings.ready(now())) ping();
    },
    editing: () => {
      const code = store.getState().error?.code;
      if (code === 'invalid-input' || code === 'policy-violation') store.setState({ error: undefined });
    },
    stillHere: () => {
      store.setState({ idleDeadline: undefined });
      pings.mark(now());
      ping();
    },
    restart: () => {
      store.setState({ idleDeadline: undefined });
      void flow('flow.cancel', {});
    },
    on: (event, listener) => bridge.on(event, listener),
    dispose: () => {
      for (const off of unsubscribe) off();
    },
  };
};
