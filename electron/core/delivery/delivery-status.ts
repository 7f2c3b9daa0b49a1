import type { Channel as ChannelName } from '../../../shared/steps';
import { systemClock, type Clock } from '../clock';
import { DeliveryError, type DeliveryChannel, type Message } from './channel';

/** What the attendant sees per channel. Times are epoch milliseconds; `detail` never holds message text. */
export type ChannelHealth = {
  provider: string;
  lastSuccessAt?: number;
  lastError?: { at: number; detail: string };
};

/** Last success and last failure of each channel since start, for the attendant status. */
export class DeliveryStatus {
  private readonly health = new Map<ChannelName, ChannelHealth>();

  constructor(private readonly clock: Clock = systemClock) {}

  /** Lists a configured channel before its first send. */
  register(kind: ChannelName, provider: string): void {
    if (!this.health.has(kind)) this.health.set(kind, { provider });
  }

  succeeded(kind: ChannelName, provider: string): void {
    this.entry(kind, provider).lastSuccessAt = this.clock.now();
  }

  failed(kind: ChannelName, provider: string, detail: string): void {
    this.entry(kind, provider).lastError = { at: this.clock.now(), detail };
  }

  snapshot(): Partial<Record<ChannelName, ChannelHealth>> {
    return Object.fromEntries(
      [...this.health].map(([kind, h]) => [kind, { ...h, ...(h.lastError ? { lastError: { ...h.lastError } } : {}) }]),
    );
  }

  private entry(kind: ChannelName, provider: string): ChannelHealth {
    let h = this.health.get(kind);
    if (!h || h.provider !== provider) {
      h = { provider };
      this.health.set(kind, h);
    }
    return h;
  }
}

/**
 * Records each send's outcome. Anything a channel throws leaves as a DeliveryError, so the flows have one failure to
 * handle ("we could not send the code") and the visitor never pays an attempt for a provider's fault.
 */
export function withStatus(kind: ChannelName, channel: DeliveryChannel, status: DeliveryStatus): DeliveryChannel {
  status.register(kind, channel.name);
  return {
    name: channel.name,
    async send(message: Message) {
      try {
        await channel.send(message);
      } catch (err) {
        const error = err instanceof DeliveryError ? err : new DeliveryError(message.channel, `${channel.name}: ${unexpected(err)}`);
        status.failed(kind, channel.name, error.message);
        throw error;
      }
      status.succeeded(kind, channel.name);
    },
  };
}

// Only the error's kind: an unexpected error's message may quote what was being sent.
function unexpected(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown };
  return typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'unexpected failure';
}
