import { randomBytes } from 'node:crypto';
import { isAttendantRequest, type AttendantRequest, type RequestName, type ResultOf } from '../../shared/contract';
import { AttendantDesk } from './attendant/attendant-desk';
import type { DeviceStatusSources } from './attendant/device-status';
import type { BrokerDeps } from './broker/broker-deps';
import { Broker } from './broker/broker';
import { externalSignInView, idleHoldMs, sessionTransport } from './broker/external-sign-in';
import type { FlowState, Session } from './broker/flow-state';
import { flows } from './broker/flows';
import type { ConnectionHooks, Core, CoreConnection } from './transport';

export type Timers = {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** A signed-in security-info screen: whoever walks up next could add their own phone to that account. */
const signedIn = (session: Session) => session.flow.kind === 'enrollment' && 'account' in session.flow.state;

/**
 * Binds one visitor session to each connection and owns the idle timer: after `kiosk.idleSeconds` without
 * activity a warning, after `kiosk.warningSeconds` more a wipe. Final screens return home on their own.
 */
export class GuichetCore implements Core {
  readonly broker: Broker<FlowState>;
  private readonly connections = new Map<string, CoreConnection>();

  private readonly onShutdown: () => Promise<void>;
  private readonly timers: Timers;

  constructor(
    private readonly deps: BrokerDeps,
    private readonly device: DeviceStatusSources,
    options: { onShutdown?: () => Promise<void>; timers?: Timers } = {},
  ) {
    this.broker = new Broker(deps, flows);
    this.onShutdown = options.onShutdown ?? (async () => {});
    this.timers = options.timers ?? realTimers;
  }

  connect(hooks: ConnectionHooks): CoreConnection {
    const id = randomBytes(8).toString('hex');
    const entry: { session: Session; timer?: unknown } = { session: this.broker.open(sessionTransport(hooks.externalSignIn)) };
    const kiosk = this.deps.config.kiosk;

    const clear = () => {
      if (entry.timer !== undefined) this.timers.clearTimeout(entry.timer);
      entry.timer = undefined;
    };
    const desk = new AttendantDesk({
      gate: this.deps.attendant,
      device: this.device,
      audit: this.deps.audit,
      liveSessions: () => this.liveSessions(),
      actions: hooks.attendant,
    });
    // The transport shows the directory's sign-in page, and routes its redirect, only while the session waits for it.
    let signInShown: string | null = null;
    const syncSignIn = () => {
      const signIn = externalSignInView(this.deps, entry.session);
      const key = signIn && `${signIn.state}:${signIn.opened}`;
      if (key === signInShown) return;
      signInShown = key;
      hooks.externalSignIn?.update(signIn);
    };
    const wipe = (reason: string) => {
      desk.lock();
      clear();
      entry.session = this.broker.wipe(entry.session, reason);
      syncSignIn();
      hooks.send('session-reset', {});
      hooks.onWiped?.();
    };
    const arm = () => {
      clear();
      const flow = entry.session.flow;
      const atRest = flow.kind === 'home' && entry.session.locale === this.deps.config.locale.default;
      if (atRest) return;
      if (flow.kind === 'final' && flow.step === 'recovery-done') {
        entry.timer = this.timers.setTimeout(() => wipe('return-home'), kiosk.returnHomeSeconds * 1000);
        return;
      }
      if (flow.kind === 'final' && flow.step === 'unavailable') {
        entry.timer = this.timers.setTimeout(() => void retry(1), kiosk.returnHomeSeconds * 1000);
        return;
      }
      // The session cap holds even when no request comes: a screen with a full number must not outlive it.
      const capAt = 'startedAt' in flow ? flow.startedAt + this.deps.config.security.sessionMinutes * 60_000 : Infinity;
      const untilCap = () => capAt - this.deps.clock.now();
      // A signed-in screen is what a walk-up stranger could use: it never waits longer than the others.
      const idleMs = (signedIn(entry.session) ? Math.min(kiosk.signedInIdleSeconds, kiosk.idleSeconds) : kiosk.idleSeconds) * 1000;
      const warningMs = kiosk.warningSeconds * 1000;
      entry.timer = this.timers.setTimeout(() => {
        if (untilCap() <= 0) return wipe('expired');
        hooks.send('idle-warning', { secondsLeft: Math.ceil(Math.min(warningMs, untilCap()) / 1000) });
        entry.timer = this.timers.setTimeout(() => wipe(untilCap() <= 0 ? 'expired' : 'idle'), Math.min(warningMs, untilCap()));
      }, Math.min(Math.max(idleMs, idleHoldMs(this.deps, entry.session)), untilCap()));
    };

    // Behind "service momentarily unavailable" the kiosk keeps trying the directory and goes home once it answers,
    // or once the idle time has passed anyway: the screen still names the visitor in its account chip.
    let closed = false;
    const retry = async (attempt: number) => {
      entry.timer = undefined;
      const back = await this.deps.backend.ping().catch(() => false);
      const flow = entry.session.flow;
      // While the directory was asked, the visitor may have moved on, or the window gone.
      if (closed || entry.timer !== undefined || flow.kind !== 'final' || flow.step !== 'unavailable') return;
      if (back) wipe('service-back');
      else if (attempt * kiosk.returnHomeSeconds >= kiosk.idleSeconds + kiosk.warningSeconds) wipe('idle');
      else entry.timer = this.timers.setTimeout(() => void retry(attempt + 1), kiosk.returnHomeSeconds * 1000);
    };

    // One request at a time per visitor: two in flight could both pass the same step token.
    let queue: Promise<unknown> = Promise.resolve();
    const run = async <K extends RequestName>(name: K, payload: unknown): Promise<ResultOf<K>> => {
      // TypeScript does not narrow a type parameter by a guard on its value: each side answers `ResultOf` of its own
      // part of `K`, which is `ResultOf<K>`.
      if (isAttendantRequest(name)) {
        const result = await desk.handle(name, payload, entry.session.id);
        arm();
        return result as ResultOf<K>;
      }
      const { session, result, wiped } = await this.broker.run(entry.session, name as Exclude<K, AttendantRequest>, payload);
      entry.session = session;
      syncSignIn();
      if (wiped) desk.lock();
      arm();
      if (wiped) hooks.onWiped?.();
      return result as ResultOf<K>;
    };

    const connection: CoreConnection = {
      id,
      handle: (name, payload) => {
        const next = queue.then(() => run(name, payload));
        queue = next.catch(() => undefined);
        return next;
      },
      close: (reason) => {
        closed = true;
        clear();
        if (signInShown !== null) hooks.externalSignIn?.update(null);
        this.broker.close(entry.session, reason);
        this.connections.delete(id);
      },
    };
    this.connections.set(id, connection);
    return connection;
  }

  liveSessions(): number {
    return this.broker.liveSessions();
  }

  /** Ends every visitor's session (audited), then closes the directory and the files. */
  async shutdown(): Promise<void> {
    for (const connection of [...this.connections.values()]) connection.close('shutdown');
    await this.onShutdown();
  }
}
