import type { DeliveryChannel, Message } from './channel';
import { createTwilioResource, type TwilioAccount } from './twilio-rest';

export type TwilioSmsOptions = TwilioAccount & {
  /** A Twilio number in E.164 or an alphanumeric sender ID. */
  from?: string;
  /** A Messaging Service (MG…) that picks the sender from its pool. */
  messagingServiceSid?: string;
};

/**
 * SMS through Twilio's Messages resource: `To`, `From` and/or `MessagingServiceSid`, `Body`.
 * https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
 */
export function createTwilioSmsChannel(options: TwilioSmsOptions): DeliveryChannel {
  return {
    name: 'twilio-sms',
    async send(message: Message) {
      const params: Record<string, string> = { To: message.to };
      if (options.from) params.From = options.from;
      if (options.messagingServiceSid) params.MessagingServiceSid = options.messagingServiceSid;
      params.Body = message.text;
      await createTwilioResource(options, 'Messages', params, message.channel, 'twilio-sms');
    },
  };
}
