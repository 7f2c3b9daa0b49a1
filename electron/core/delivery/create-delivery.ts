import { readFileSync } from 'node:fs';
import type { Channel as ChannelName } from '../../../shared/steps';
import type { Config } from '../config/schema';
import type { HttpGatewayConfig } from '../config/sections/delivery';
import { withAllowedCountries } from './allowed-countries';
import type { Delivery, DeliveryChannel } from './channel';
import { withStatus, type DeliveryStatus } from './delivery-status';
import { createHttpGatewayChannel } from './http-gateway-channel';
import { createSmtpChannel } from './smtp-channel';
import { createTwilioSmsChannel } from './twilio-sms-channel';
import { createTwilioVoiceChannel } from './twilio-voice-channel';

export type DeliveryOptions = {
  outbox: DeliveryChannel;
  /** Receives every send's outcome, for the attendant status. */
  status?: DeliveryStatus;
};

/**
 * The channels the config asks for (the outbox where nothing is set, none where "none" is set), each wrapped so phone
 * numbers are checked against `phone.allowedCountries` and outcomes reach `status`.
 * `secrets` holds the resolved `secret:NAME` references, keyed by the reference or by NAME.
 * Throws at start-up on a missing secret or an unreadable CA file: better than failing on a visitor's first send.
 */
export function createDelivery(config: Config, secrets: ReadonlyMap<string, string>, options: DeliveryOptions): Delivery {
  const d = config.delivery;
  const timeoutMs = d.timeoutMs;
  const secret = (ref: string, where: string) => {
    const value = secrets.get(ref) ?? secrets.get(ref.replace(/^secret:/, ''));
    if (value === undefined) throw new Error(`${where}: secret ${ref} is not available`);
    return value;
  };
  const ca = (path: string | undefined, where: string) => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`${where}.caFile: cannot read ${path} (${(err as { code?: string }).code ?? 'error'})`, { cause: err });
    }
  };

  let sms: DeliveryChannel | undefined;
  switch (d.sms?.type) {
    case undefined:
    case 'outbox':
      sms = options.outbox;
      break;
    case 'none':
      break;
    case 'twilio':
      sms = createTwilioSmsChannel({
        accountSid: d.sms.accountSid,
        apiKeySid: d.sms.apiKeySid,
        authToken: secret(d.sms.authToken, 'delivery.sms.authToken'),
        baseUrl: d.sms.baseUrl,
        ca: ca(d.sms.caFile, 'delivery.sms'),
        timeoutMs,
        from: d.sms.from,
        messagingServiceSid: d.sms.messagingServiceSid,
      });
      break;
    case 'http':
      sms = createHttpGatewayChannel({
        url: d.sms.url,
        method: d.sms.method,
        headers: d.sms.headers,
        body: d.sms.body,
        sender: d.sms.sender,
        authHeader: gatewayAuthHeader(d.sms.auth, secret),
        successStatuses: d.sms.successStatuses,
        successPattern: d.sms.successPattern,
        ca: ca(d.sms.caFile, 'delivery.sms'),
        timeoutMs,
      });
      break;
  }

  let voice: DeliveryChannel | undefined;
  switch (d.voice?.type) {
    case undefined:
    case 'outbox':
      voice = options.outbox;
      break;
    case 'none':
      break;
    case 'twilio':
      voice = createTwilioVoiceChannel({
        accountSid: d.voice.accountSid,
        apiKeySid: d.voice.apiKeySid,
        authToken: secret(d.voice.authToken, 'delivery.voice.authToken'),
        baseUrl: d.voice.baseUrl,
        ca: ca(d.voice.caFile, 'delivery.voice'),
        timeoutMs,
        from: d.voice.from,
        voices: d.voice.voices,
      });
      break;
  }

  let email: DeliveryChannel | undefined;
  switch (d.email?.type) {
    case undefined:
    case 'outbox':
      email = options.outbox;
      break;
    case 'none':
      break;
    case 'smtp':
      email = createSmtpChannel({
        host: d.email.host,
        port: d.email.port,
        secure: d.email.secure,
        ca: ca(d.email.caFile, 'delivery.email'),
        user: d.email.user,
        password: d.email.password === undefined ? undefined : secret(d.email.password, 'delivery.email.password'),
        from: d.email.from,
        fromName: d.email.fromName ?? config.organization.name,
        timeoutMs,
      });
      break;
  }

  const wrap = (kind: ChannelName, channel: DeliveryChannel | undefined) => {
    if (!channel) return undefined;
    const watched = options.status ? withStatus(kind, channel, options.status) : channel;
    return kind === 'email' ? watched : withAllowedCountries(watched, config.phone.allowedCountries);
  };
  const delivery: Delivery = {};
  const wrappedSms = wrap('sms', sms);
  const wrappedVoice = wrap('voice', voice);
  const wrappedEmail = wrap('email', email);
  if (wrappedSms) delivery.sms = wrappedSms;
  if (wrappedVoice) delivery.voice = wrappedVoice;
  if (wrappedEmail) delivery.email = wrappedEmail;
  return delivery;
}

function gatewayAuthHeader(
  auth: HttpGatewayConfig['auth'],
  secret: (ref: string, where: string) => string,
): { name: string; value: string } | undefined {
  if (!auth) return undefined;
  if (auth.type === 'header') return { name: auth.header, value: `${auth.prefix}${secret(auth.secret, 'delivery.sms.auth.secret')}` };
  const password = secret(auth.password, 'delivery.sms.auth.password');
  return { name: 'Authorization', value: `Basic ${Buffer.from(`${auth.username}:${password}`, 'utf8').toString('base64')}` };
}
