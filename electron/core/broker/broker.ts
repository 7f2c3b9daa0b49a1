import { randomBytes } from 'node:crypto';
import { requestSchemas, type RequestName } from '../../../shared/contract';
import type { BridgeError } from '../../../shared/errors';
import type { View } from '../../../shared/steps';
import { BackendError } from '../backends/identity-backend';
import type { BrokerDeps } from './broker-deps';
import { enrollmentStep } from './enrollment-flow';
import { StateUnavailableError } from '../verify/state-store';
import { FlowError } from './flow-error';
import type { FlowState, Session, SessionTransport } from './flow-state';
import { newCaptcha, recoveryStep } from './recovery-flow';
import { viewOf } from './view';

export type BrokerResult = { ok: true; view: View; audio?: string } | { ok: false; error: BridgeError; view: View };

const newId = () => randomBytes(16).toString('base64url');

/** Requests that need no step token: reading the screen, the language, and activity pings. */
const untokened = new Set<RequestName>(['view.get', 'locale.set', 'activity.ping']);

/**
 * The flows' single entry point. It owns every visitor's session, checks the step token, runs the step
 * of the current flow, and answers with the next view. A refused request leaves the flow as it was.
 */
export class Broker {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly deps: BrokerDeps) {}

  /** `transport`: what the visitor's connection can do for a sign-in on the directory's page. */
  open(transport?: SessionTransport): Session {
    const session: Session = {
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
  wipe(session: Session, reason: string, flow: FlowState = { kind: 'home' }): Session {
    this.sessions.delete(session.id);
    this.deps.audit.append({ event: 'session.wiped', session: session.id, outcome: 'ok', detail: { reason } });
    const fresh = this.open(session.transport);
    fresh.flow = flow;
    return fresh;
  }

  close(session: Session, reason: string): void {
    if (!this.sessions.has(session.id)) return;
    this.sessions.delete(session.id);
    this.deps.audit.append({ event: 'session.wiped', session: session.id, outcome: 'ok', detail: { reason } });
  }

  /** Sessions serving someone: a connection resting on the home screen holds nobody's data. */
  liveSessions(): number {
    return [...this.sessions.values()].filter((s) => s.flow.kind !== 'home').length;
  }

  view(session: Session): View {
    return viewOf(this.deps, session);
  }

  /**
   * Runs one request for the session bound to the caller's connection. Returns the session to keep using:
   * a flow that ends (finished, cancelled, expired, password reset) wipes its session and starts a new one.
   */
  async handle(session: Session, name: string, payload: unknown): Promise<{ session: Session; result: BrokerResult; wiped?: boolean }> {
    const refuse = (error: BridgeError, s = session) => ({ session: s, result: { ok: false as const, error, view: viewOf(this.deps, s) } });
    if (!Object.hasOwn(requestSchemas, name)) return refuse({ code: 'invalid-input', reason: 'malformed' });
    const request = name as RequestName;
    const parsed = requestSchemas[request].safeParse(payload);
    if (!parsed.success) return refuse({ code: 'invalid-input', reason: 'malformed' });
    const p = parsed.data as Record<string, unknown> & { token: string };
    session.lastActivity = this.deps.clock.now();

    if (request === 'view.get' || request === 'activity.ping') return { session, result: { ok: true, view: viewOf(this.deps, session) } };
    if (request === 'locale.set') {
      if (!this.deps.config.locale.available.includes(p.locale as string)) return refuse({ code: 'invalid-input', reason: 'malformed' });
      session.locale = p.locale as string;
      return { session, result: { ok: true, view: viewOf(this.deps, session) } };
    }
    if (!untokened.has(request) && p.token !== session.token) {
      this.deps.audit.append({ event: 'step.refused', session: session.id, outcome: 'refused', detail: { request, why: 'token' } });
      return refuse({ code: 'out-of-order' });
    }

    const startedAt = 'startedAt' in session.flow ? session.flow.startedAt : undefined;
    const maxAge = this.deps.config.security.sessionMinutes * 60_000;
    if (startedAt !== undefined && this.deps.clock.now() - startedAt > maxAge && request !== 'flow.cancel') {
      const fresh = this.wipe(session, 'expired');
      return refuse({ code: 'session-expired' }, fresh);
    }

    try {
      const outcome = await this.step(session, request, p);
      if (outcome === 'wipe-home') return this.ended(session, { kind: 'home' });
      if (outcome.kind === 'final' && outcome.step === 'recovery-done') return this.ended(session, outcome);
      if (outcome.kind === 'home') return this.ended(session, outcome);
      session.flow = outcome;
      session.token = newId();
      const view = viewOf(this.deps, session);
      if (request === 'recovery.captcha-audio') return { session, result: { ok: true, view, audio: await this.captchaAudio(session) } };
      return { session, result: { ok: true, view } };
    } catch (err) {
      return this.failure(session, request, err);
    }
  }

  private ended(session: Session, flow: FlowState) {
    const fresh = this.wipe(session, 'flow-ended', flow);
    // "Votre mot de passe a été réinitialisé" is still the visitor's screen, in their language; the return home that
    // follows goes back to the default one.
    if (flow.kind === 'final') fresh.locale = session.locale;
    return { session: fresh, result: { ok: true as const, view: viewOf(this.deps, fresh) }, wiped: true };
  }

  private async captchaAudio(session: Session): Promise<string> {
    const flow = session.flow;
    if (flow.kind !== 'recovery' || flow.state.step !== 'recovery-identify' || !flow.state.captcha) return '';
    const wav = await this.deps.captcha.audio(flow.state.captcha.challenge, session.locale);
    return `data:audio/wav;base64,${wav.toString('base64')}`;
  }

  private failure(session: Session, request: RequestName, err: unknown) {
    const refuse = (error: BridgeError) => ({ session, result: { ok: false as const, error, view: viewOf(this.deps, session) } });
    if (err instanceof FlowError) {
      if (err.next) {
        session.flow = err.next;
        session.token = newId();
      }
      if (err.error.code === 'out-of-order') {
        this.deps.audit.append({ event: 'step.refused', session: session.id, outcome: 'refused', detail: { request, why: 'step' } });
      }
      return refuse(err.error);
    }
    if (err instanceof BackendError && err.kind !== 'policy-violation') {
      this.deps.log(`backend ${err.kind} during ${request}: ${err.message}`);
      this.deps.audit.append({ event: 'backend.unavailable', session: session.id, outcome: 'fail', detail: { request, kind: err.kind } });
      const step = err.kind === 'permission' ? 'out-of-service' : 'unavailable';
      session.flow = { kind: 'final', step };
      session.token = newId();
      return refuse({ code: 'unavailable' });
    }
    if (err instanceof StateUnavailableError) {
      // Fail closed: nothing was sent or written past this point. The local audit file still takes the line.
      this.deps.log(`${err.message} during ${request}`);
      this.deps.audit.append({ event: 'state.unavailable', session: session.id, outcome: 'fail', detail: { request } });
      session.flow = { kind: 'final', step: 'unavailable' };
      session.token = newId();
      return refuse({ code: 'unavailable' });
    }
    this.deps.log(`unexpected failure during ${request}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    session.flow = { kind: 'final', step: 'unavailable' };
    session.token = newId();
    return refuse({ code: 'unavailable' });
  }

  private async step(session: Session, request: RequestName, p: Record<string, unknown> & { token: string }): Promise<FlowState | 'wipe-home'> {
    const deps = this.deps;
    const flow = session.flow;
    if (request === 'flow.cancel') return 'wipe-home';
    const now = deps.clock.now();
    switch (flow.kind) {
      case 'home':
        if (request === 'home.sign-in') return { kind: 'enrollment', startedAt: now, state: { step: 'signin-identifier', identifier: '' } };
        if (request === 'home.recover') return { kind: 'recovery', startedAt: now, state: { step: 'recovery-identify', identifier: '', captcha: newCaptcha(deps) } };
        break;
      case 'final':
        if (request === 'home.sign-in' && flow.step !== 'out-of-service') {
          return { kind: 'enrollment', startedAt: now, state: { step: 'signin-identifier', identifier: '' } };
        }
        break;
      case 'helpdesk':
        if (request === 'flow.back' && flow.back) return flow.back;
        break;
      case 'enrollment': {
        const outcome = await enrollmentStep(deps, session, flow.state, request, p, flow.startedAt);
        if (outcome.kind === 'recovery' && outcome.state.step === 'recovery-identify') {
          return { ...outcome, state: { ...outcome.state, captcha: newCaptcha(deps) } };
        }
        return outcome;
      }
      case 'recovery':
        if (request === 'flow.helpdesk') {
          const sent = flow.state.step === 'recovery-verify' && !!flow.state.sent;
          return { kind: 'helpdesk', context: sent ? 'contact-admin' : 'no-method', back: flow };
        }
        if (request === 'recovery.captcha-audio') {
          if (flow.state.step !== 'recovery-identify' || !flow.state.captcha) break;
          return flow;
        }
        return recoveryStep(deps, session, flow.state, request, p, flow.startedAt);
    }
    throw new FlowError({ code: 'out-of-order' });
  }
}
