import { randomBytes } from 'node:crypto';
import { refusedAs, requestSchemas, type RequestOf, type ResultOf, type VisitorRequest } from '../../../shared/contract';
import type { BridgeError } from '../../../shared/errors';
import type { View } from '../../../shared/steps';
import { BackendError } from '../backends/identity-backend';
import type { HandlerTable } from '../handlers';
import { StateUnavailableError } from '../verify/state-store';
import type { BrokerDeps } from './broker-deps';
import type { CoreFlow, FlowRequest, FlowTable } from './flow';
import type { Session, SessionTransport } from './flow-state';
import { moduleOf, viewOf } from './view';

/** What the broker answers to any visitor request. */
export type BrokerResult = ResultOf<VisitorRequest>;
/** A refusal with the screen as it stands. */
type Refused = { ok: false; error: BridgeError; view: View };
type StepResult = { ok: true; view: View; audio?: string } | Refused;
export type Answer<K extends VisitorRequest, F extends { kind: string }> = { session: Session<F | CoreFlow>; result: ResultOf<K>; wiped?: boolean };

type TokenedRequest = Extract<FlowRequest, { token: string }>;

const newId = () => randomBytes(16).toString('base64url');
const isVisitorRequest = (name: string): name is VisitorRequest => Object.hasOwn(requestSchemas, name) && !name.startsWith('attendant.');

/**
 * The flows' single entry point. It owns every visitor's session, checks the step token and the session's age, routes
 * the request to the module of the current flow (`FlowTable`), and answers with the next view. A refused request
 * leaves the flow as it was; a flow that ends wipes its session. It knows nothing of any flow's steps.
 */
export class Broker<F extends { kind: string }> {
  private readonly sessions = new Map<string, Session<F | CoreFlow>>();

  constructor(
    private readonly deps: BrokerDeps,
    private readonly flows: FlowTable<F>,
  ) {}

  /** `transport`: what the visitor's connection can do for a sign-in on the directory's page. */
  open(transport?: SessionTransport): Session<F | CoreFlow> {
    const session: Session<F | CoreFlow> = {
      id: newId(),
      token: newId(),
      locale: this.deps.config.locale.default,
      flow: { kind: 'home' },
      lastActivity: this.deps.clock.now(),
      ...(transport ? { transport } : {}),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** Forgets everything of the visitor: identity, flow, challenges, language. The caller keeps the new session. */
  wipe(session: Session<F | CoreFlow>, reason: string, flow: F | CoreFlow = { kind: 'home' }): Session<F | CoreFlow> {
    this.sessions.delete(session.id);
    this.deps.audit.append({ event: 'session.wiped', session: session.id, outcome: 'ok', detail: { reason } });
    const fresh = this.open(session.transport);
    fresh.flow = flow;
    return fresh;
  }

  close(session: Session<F | CoreFlow>, reason: string): void {
    if (!this.sessions.has(session.id)) return;
    this.sessions.delete(session.id);
    this.deps.audit.append({ event: 'session.wiped', session: session.id, outcome: 'ok', detail: { reason } });
  }

  /** Sessions serving someone: a connection resting on the home screen holds nobody's data. */
  liveSessions(): number {
    return [...this.sessions.values()].filter((s) => s.flow.kind !== 'home').length;
  }

  view(session: Session<F | CoreFlow>): View {
    return viewOf(this.deps, this.flows, session);
  }

  /**
   * Runs one request, as it came over the wire, for the session bound to the caller's connection. Returns the
   * session to keep using: a flow that ends (finished, cancelled, expired, password reset) wipes its session.
   */
  async handle(session: Session<F | CoreFlow>, name: string, payload: unknown): Promise<Answer<VisitorRequest, F>> {
    if (!isVisitorRequest(name)) return { session, result: this.refusal(session, { code: 'invalid-input', reason: 'malformed' }) };
    return this.run(session, name, payload);
  }

  async run<K extends VisitorRequest>(session: Session<F | CoreFlow>, name: K, payload: unknown): Promise<Answer<K, F>> {
    const parsed = requestSchemas[name].safeParse(payload);
    if (!parsed.success) return { session, result: refusedAs<K>(this.refusal(session, { code: 'invalid-input', reason: 'malformed' })) };
    session.lastActivity = this.deps.clock.now();
    const call = new SessionCall(this, this.deps, this.flows, session);
    // The schema of `name` has just checked the payload: TypeScript does not pair the two through `K`.
    const result = await handlers[name](call, parsed.data as RequestOf<K>);
    return { session: call.session, result, ...(call.wiped ? { wiped: true } : {}) };
  }

  /** The screen as it stands, with `error`. */
  refusal(session: Session<F | CoreFlow>, error: BridgeError): Refused {
    return { ok: false, error, view: this.view(session) };
  }
}

/** What the request handlers may do with the session a request acts on. */
interface Call {
  view(): StepResult;
  setLocale(locale: string): StepResult;
  cancel(request: TokenedRequest): Promise<StepResult>;
  step(request: TokenedRequest): Promise<StepResult>;
}

/** One request in progress on one session; `session` is replaced when the flow ends. */
class SessionCall<F extends { kind: string }> implements Call {
  wiped = false;

  constructor(
    private readonly broker: Broker<F>,
    private readonly deps: BrokerDeps,
    private readonly flows: FlowTable<F>,
    public session: Session<F | CoreFlow>,
  ) {}

  view(): StepResult {
    return { ok: true, view: this.broker.view(this.session) };
  }

  setLocale(locale: string): StepResult {
    if (!this.deps.config.locale.available.includes(locale)) return this.refuse({ code: 'invalid-input', reason: 'malformed' });
    this.session.locale = locale;
    return this.view();
  }

  async cancel(request: TokenedRequest): Promise<StepResult> {
    return this.checkToken(request) ?? this.ended({ kind: 'home' });
  }

  /** Runs one step of the current flow, refusing a stale token or an expired session first. */
  async step(request: TokenedRequest): Promise<StepResult> {
    const stale = this.checkToken(request);
    if (stale) return stale;
    const { deps, session } = this;
    const startedAt = 'startedAt' in session.flow && typeof session.flow.startedAt === 'number' ? session.flow.startedAt : undefined;
    if (startedAt !== undefined && deps.clock.now() - startedAt > deps.config.security.sessionMinutes * 60_000) {
      this.session = this.broker.wipe(session, 'expired');
      return this.refuse({ code: 'session-expired' });
    }
    try {
      const outcome = await moduleOf(this.flows, session.flow).step({ deps, session }, session.flow, request);
      if ('refuse' in outcome) {
        if (outcome.next) this.moveTo(outcome.next);
        if (outcome.refuse.code === 'out-of-order') {
          deps.audit.append({ event: 'step.refused', session: session.id, outcome: 'refused', detail: { request: request.name, why: 'step' } });
        }
        return this.refuse(outcome.refuse);
      }
      if (outcome.end || outcome.next.kind === 'home') return this.ended(outcome.next);
      this.moveTo(outcome.next);
      return { ok: true, view: this.broker.view(session), ...(outcome.audio !== undefined ? { audio: outcome.audio } : {}) };
    } catch (err) {
      return this.failure(request.name, err);
    }
  }

  private checkToken(request: TokenedRequest): Refused | undefined {
    if (request.token === this.session.token) return undefined;
    this.deps.audit.append({ event: 'step.refused', session: this.session.id, outcome: 'refused', detail: { request: request.name, why: 'token' } });
    return this.refuse({ code: 'out-of-order' });
  }

  private refuse(error: BridgeError): Refused {
    return this.broker.refusal(this.session, error);
  }

  private moveTo(flow: F | CoreFlow) {
    this.session.flow = flow;
    this.session.token = newId();
  }

  private ended(flow: F | CoreFlow): StepResult {
    const { session } = this;
    this.session = this.broker.wipe(session, 'flow-ended', flow);
    // "Votre mot de passe a été réinitialisé" is still the visitor's screen, in their language; the return home that
    // follows goes back to the default one.
    if (flow.kind !== 'home') this.session.locale = session.locale;
    this.wiped = true;
    return this.view();
  }

  private failure(request: VisitorRequest, err: unknown): Refused {
    const { deps, session } = this;
    if (err instanceof BackendError && err.kind !== 'policy-violation') {
      deps.log(`backend ${err.kind} during ${request}: ${err.message}`);
      deps.audit.append({ event: 'backend.unavailable', session: session.id, outcome: 'fail', detail: { request, kind: err.kind } });
      this.moveTo({ kind: 'final', step: err.kind === 'permission' ? 'out-of-service' : 'unavailable' });
      return this.refuse({ code: 'unavailable' });
    }
    if (err instanceof StateUnavailableError) {
      // Fail closed: nothing was sent or written past this point. The local audit file still takes the line.
      deps.log(`${err.message} during ${request}`);
      deps.audit.append({ event: 'state.unavailable', session: session.id, outcome: 'fail', detail: { request } });
    } else {
      deps.log(`unexpected failure during ${request}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    this.moveTo({ kind: 'final', step: 'unavailable' });
    return this.refuse({ code: 'unavailable' });
  }
}

const withAudio = (result: StepResult): ResultOf<'recovery.captcha-audio'> => (result.ok ? { ...result, audio: result.audio ?? '' } : result);

/** Every visitor request, answered by the broker itself (screen, language, cancel) or by a step of the current flow. */
const handlers: HandlerTable<Call, VisitorRequest> = {
  'view.get': async (c) => c.view(),
  'activity.ping': async (c) => c.view(),
  'locale.set': async (c, p) => c.setLocale(p.locale),
  'flow.cancel': (c, p) => c.cancel({ name: 'flow.cancel', ...p }),

  'home.sign-in': (c, p) => c.step({ name: 'home.sign-in', ...p }),
  'home.recover': (c, p) => c.step({ name: 'home.recover', ...p }),
  'signin.identifier': (c, p) => c.step({ name: 'signin.identifier', ...p }),
  'signin.password': (c, p) => c.step({ name: 'signin.password', ...p }),
  'signin.forgot': (c, p) => c.step({ name: 'signin.forgot', ...p }),
  'signin.external-open': (c, p) => c.step({ name: 'signin.external-open', ...p }),
  'signin.external-complete': (c, p) => c.step({ name: 'signin.external-complete', ...p }),
  'signin.external-cancel': (c, p) => c.step({ name: 'signin.external-cancel', ...p }),
  'security-info.configure': (c, p) => c.step({ name: 'security-info.configure', ...p }),
  'security-info.finish': (c, p) => c.step({ name: 'security-info.finish', ...p }),
  'phone.send': (c, p) => c.step({ name: 'phone.send', ...p }),
  'email.send': (c, p) => c.step({ name: 'email.send', ...p }),
  'code.verify': (c, p) => c.step({ name: 'code.verify', ...p }),
  'code.resend': (c, p) => c.step({ name: 'code.resend', ...p }),
  'method.remove': (c, p) => c.step({ name: 'method.remove', ...p }),
  'recovery.identify': (c, p) => c.step({ name: 'recovery.identify', ...p }),
  'recovery.captcha-refresh': (c, p) => c.step({ name: 'recovery.captcha-refresh', ...p }),
  'recovery.captcha-audio': async (c, p) => withAudio(await c.step({ name: 'recovery.captcha-audio', ...p })),
  'recovery.choose': (c, p) => c.step({ name: 'recovery.choose', ...p }),
  'recovery.confirm': (c, p) => c.step({ name: 'recovery.confirm', ...p }),
  'recovery.password': (c, p) => c.step({ name: 'recovery.password', ...p }),
  'recovery.captcha-attendant': (c, p) => c.step({ name: 'recovery.captcha-attendant', ...p }),
  'flow.helpdesk': (c, p) => c.step({ name: 'flow.helpdesk', ...p }),
  'flow.back': (c, p) => c.step({ name: 'flow.back', ...p }),
};
