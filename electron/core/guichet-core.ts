import { randomBytes } from 'node:crypto';
import type { BrokerDeps } from './broker/broker-deps';
import { Broker } from './broker/broker';
import type { Session } from './broker/flow-state';
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

/**
 * Binds one visitor session to each connection and owns the idle timer: after `kiosk.idleSeconds` without
 * activity a warning, after `kiosk.warningSeconds` more a wipe. Final screens return home on their own.
 */
export class GuichetCore implements Core {
  readonly broker: Broker;
  private readonly connections = new Map<string, { session: Session; timer?: unknown }>();

  constructor(
    private readonly deps: BrokerDeps,
    private readonly onShutdown: () => Promise<void> = async () => {},
    private readonly timers: Timers = realTimers,
  ) {
    this.broker = new Broker(deps);
  }

  connect(hooks: ConnectionHooks): CoreConnection {
    const id = randomBytes(8).toString('hex');
    const entry: { session: Session; timer?: unknown } = { session: this.broker.open() };
    this.connections.set(id, entry);
    const kiosk = this.deps.config.kiosk;

    const clear = () => {
      if (entry.timer !== undefined) this.timers.clearTimeout(entry.timer);
      entry.timer = undefined;
    };
    const wipe = (reason: string) => {
      clear();
      entry.session = this.broker.wipe(entry.session, reason);
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
      entry.timer = this.timers.setTimeout(() => {
        hooks.send('idle-warning', { secondsLeft: kiosk.warningSeconds });
        entry.timer = this.timers.setTimeout(() => wipe('idle'), kiosk.warningSeconds * 1000);
      }, kiosk.idleSeconds * 1000);
    };

    // One request at a time per visitor: two in flight could both pass the same step token.
    let queue: Promise<unknown> = Promise.resolve();
    const run = async (name: string, payload: unknown) => {
      const { session, result, wiped } = await this.broker.handle(entry.session, name, payload);
      entry.session = session;
      arm();
      if (wiped) hooks.onWiped?.();
      return result;
    };

    return {
      id,
      handle: (name, payload) => {
        const next = queue.then(() => run(name, payload));
        queue = next.catch(() => undefined);
        return next;
      },
      close: (reason) => {
        clear();
        this.broker.close(entry.session, reason);
        this.connections.delete(id);
      },
    };
  }

  liveSessions(): number {
    return this.broker.liveSessions();
  }

  async shutdown(): Promise<void> {
    for (const entry of this.connections.values()) {
      if (entry.timer !== undefined) this.timers.clearTimeout(entry.timer);
    }
    await this.onShutdown();
  }
}
