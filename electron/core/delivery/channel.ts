import type { Channel as ChannelName } from '../../../shared/steps';

/** One message to one destination. Phones are E.164; `text` may hold a code and is never logged. */
export type Message = {
  channel: ChannelName;
  to: string;
  text: string;
  /** Email only. */
  subject?: string;
  html?: string;
  locale: string;
};

export class DeliveryError extends Error {
  constructor(
    readonly channel: ChannelName,
    /** For IT's log only: never includes the message text. */
    detail: string,
  ) {
    super(detail);
    this.name = 'DeliveryError';
  }
}

/** A way to reach people. `send` resolves once the provider accepted the message, or throws DeliveryError. */
export interface DeliveryChannel {
  readonly name: string;
  send(message: Message): Promise<void>;
}

/** Which channel carries each kind of message; a missing one is not offered to visitors. */
export type Delivery = { sms?: DeliveryChannel; voice?: DeliveryChannel; email?: DeliveryChannel };
