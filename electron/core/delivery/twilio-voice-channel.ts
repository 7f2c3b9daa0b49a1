import { DeliveryError, type DeliveryChannel, type Message } from './channel';
import { createTwilioResource, type TwilioAccount } from './twilio-rest';

export type SayVoice = { language: string; voice?: string };

/**
 * Voices Twilio documents for <Say> in each visitor language (https://www.twilio.com/docs/voice/twiml/say/text-speech):
 * Google voices exist for all three, Arabic under the ar-XA locale.
 */
const defaultVoices: Readonly<Record<string, SayVoice>> = {
  fr: { language: 'fr-FR', voice: 'Google.fr-FR-Standard-A' },
  en: { language: 'en-US', voice: 'Google.en-US-Standard-C' },
  ar: { language: 'ar-XA', voice: 'Google.ar-XA-Standard-A' },
};

export type TwilioVoiceOptions = TwilioAccount & {
  /** Caller ID in E.164: a Twilio number or a verified caller ID. */
  from: string;
  /** Per language, over `defaultVoices`. */
  voices?: Record<string, SayVoice>;
};

// Twilio refuses inline TwiML longer than this (https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource).
const maxTwimlLength = 4000;

/**
 * A phone call that reads the message: Calls resource with `To`, `From` and inline `Twiml`.
 * https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource
 */
export function createTwilioVoiceChannel(options: TwilioVoiceOptions): DeliveryChannel {
  const voices = { ...defaultVoices, ...options.voices };
  return {
    name: 'twilio-voice',
    async send(message: Message) {
      const voice = voices[message.locale] ?? voices[message.locale.split(/[-_]/)[0] ?? ''];
      if (!voice) throw new DeliveryError(message.channel, `twilio-voice: no voice configured for language "${message.locale}"`);
      const twiml = sayTwiml(message.text, voice);
      if (twiml.length > maxTwimlLength) throw new DeliveryError(message.channel, 'twilio-voice: TwiML longer than 4000 characters');
      await createTwilioResource(options, 'Calls', { To: message.to, From: options.from, Twiml: twiml }, message.channel, 'twilio-voice');
    },
  };
}

/** The call script: a second of silence while the phone reaches the ear, then the text in the visitor's language. */
function sayTwiml(text: string, voice: SayVoice): string {
  const attributes = `language="${escapeXml(voice.language)}"${voice.voice ? ` voice="${escapeXml(voice.voice)}"` : ''}`;
  return `<Response><Pause length="1"/><Say ${attributes}>${escapeXml(text)}</Say></Response>`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}
