import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../clock';
import { DeliveryError, type DeliveryChannel, type Message } from './channel';

/**
 * The demo channel: one JSON line per message `{ channel, to, text, at }`.
 * The file is the delivery, so it may hold codes: it belongs in the data folder, never in a log.
 */
export class OutboxChannel implements DeliveryChannel {
  readonly name = 'outbox';

  constructor(
    private readonly file: string,
    private readonly clock: Clock,
    private readonly echo?: (line: string) => void,
  ) {}

  async send(message: Message): Promise<void> {
    const line = JSON.stringify({
      channel: message.channel,
      to: message.to,
      text: message.text,
      ...(message.subject ? { subject: message.subject } : {}),
      at: new Date(this.clock.now()).toISOString(),
    });
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      fs.appendFileSync(this.file, line + '\n', { mode: 0o600 });
    } catch (err) {
      throw new DeliveryError(message.channel, `outbox ${this.file}: ${(err as Error).message}`);
    }
    this.echo?.(line);
  }
}
