import type { Clock } from './clock';
import type { Config } from './config/schema';
import { OutOfServiceCore } from './out-of-service-core';
import type { ConnectionHooks, Core, CoreConnection } from './transport';

export type ReconnectingCoreOptions = {
  config: Config;
  /** Starts the real core; rejects while the shared database does not answer. */
  attempt: () => Promise<Core>;
  clock: Clock;
  log: (line: string) => void;
  /** Closes what was opened for the device alone (audit file, local state) when shut down before the database answered. */
  onShutdown: () => Promise<void>;
  /** Pause between background attempts: doubles from `first` up to `max`. */
  retryMs?: { first: number; max: number };
};

/** A visitor's request may start an attempt of its own, at most this often. */
const onDemandGapMs = 1000;

type Waiting = { hooks: ConnectionHooks; inner?: CoreConnection; closed: boolean };

/**
 * A device whose shared database did not answer at start: every visitor gets the "service momentarily
 * unavailable" screen (nothing can be sent or written without the fleet's limits), while the core keeps trying
 * to start, in the background and when a visitor asks. Once it starts, every screen goes home on the real core.
 */
export class ReconnectingCore implements Core {
  readonly #o: Required<ReconnectingCoreOptions>;
  readonly #waitingCore: Core;
  readonly #waiting = new Set<Waiting>();
  #inner: Core | undefined;
  #attempt: Promise<void> | undefined;
  #lastAttemptAt = -Infinity;
  #retry: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #shutDown = false;
  #lastFailure: string | undefined;

  constructor(opts: ReconnectingCoreOptions) {
    this.#o = { retryMs: { first: 1000, max: 30_000 }, ...opts };
    this.#waitingCore = new OutOfServiceCore(
      { name: opts.config.organization.name, domain: opts.config.organization.domain, helpdesk: opts.config.organization.helpdesk },
      opts.config,
      'unavailable',
    );
    this.#retry = this.#o.retryMs.first;
    this.#schedule();
  }

  /** Whether the real core has started. */
  get ready(): boolean {
    return this.#inner !== undefined;
  }

  connect(hooks: ConnectionHooks): CoreConnection {
    if (this.#inner) return this.#inner.connect(hooks);
    const entry: Waiting = { hooks, closed: false };
    this.#waiting.add(entry);
    const fallback = this.#waitingCore.connect(hooks);
    return {
      id: fallback.id,
      handle: async (name, payload) => {
        if (!entry.inner) await this.#tryNow();
        return (entry.inner ?? fallback).handle(name, payload);
      },
      close: (reason) => {
        entry.closed = true;
        this.#waiting.delete(entry);
        entry.inner?.close(reason);
      },
    };
  }

  liveSessions(): number {
    return this.#inner?.liveSessions() ?? 0;
  }

  async shutdown(): Promise<void> {
    this.#shutDown = true;
    clearTimeout(this.#timer);
    await this.#attempt;
    if (this.#inner) await this.#inner.shutdown();
    else await this.#o.onShutdown();
  }

  #schedule(): void {
    this.#timer = setTimeout(() => void this.#tryNow(true), this.#retry);
    this.#timer.unref?.();
    this.#retry = Math.min(this.#retry * 2, this.#o.retryMs.max);
  }

  /** One attempt at a time; a visitor joins the one under way, or starts one if the last began over a second ago. */
  #tryNow(background = false): Promise<void> {
    if (this.#inner || this.#shutDown) return Promise.resolve();
    if (this.#attempt) return this.#attempt;
    if (!background && this.#o.clock.now() - this.#lastAttemptAt < onDemandGapMs) return Promise.resolve();
    this.#lastAttemptAt = this.#o.clock.now();
    clearTimeout(this.#timer);
    this.#attempt = this.#o
      .attempt()
      .then(
        (core) => this.#started(core),
        (err: unknown) => {
          // Each new reason once (a schema IT has not migrated yet, a refused password): not every retry.
          const why = err instanceof Error ? err.message : String(err);
          if (why !== this.#lastFailure) this.#o.log(`still unavailable: ${why}`);
          this.#lastFailure = why;
          if (!this.#shutDown) this.#schedule();
        },
      )
      .finally(() => (this.#attempt = undefined));
    return this.#attempt;
  }

  #started(core: Core): void {
    this.#inner = core;
    // Shut down meanwhile: shutdown() closes this core in turn.
    if (this.#shutDown) return;
    this.#o.log('state database answers again: back in service');
    // Each open screen gets a session on the real core and is told to fetch its view: it goes home.
    for (const entry of this.#waiting) {
      if (entry.closed) continue;
      entry.inner = core.connect(entry.hooks);
      entry.hooks.send('session-reset', {});
    }
    this.#waiting.clear();
  }
}
