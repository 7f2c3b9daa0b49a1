import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../electron/core/config/schema';
import { DeliveryError, type DeliveryChannel, type Message } from '../../../electron/core/delivery/channel';
import { createDelivery } from '../../../electron/core/delivery/create-delivery';
import { codeMessage } from '../../../electron/core/delivery/messages';
import { createTwilioSmsChannel } from '../../../electron/core/delivery/twilio-sms-channel';
import { createTwilioVoiceChannel } from '../../../electron/core/delivery/twilio-voice-channel';
import { startFakeTwilio, type FakeTwilio } from '../../support/fake-twilio';
import { localCertificate, type LocalCertificate } from '../../support/local-certificate';

const mobile = '+212612345678';
const unused: DeliveryChannel = { name: 'outbox', send: async () => expect.unreachable('the outbox must not be used') };

let twilio: FakeTwilio;
let cert: LocalCertificate;

beforeAll(async () => {
  twilio = await startFakeTwilio();
  cert = await localCertificate();
});
afterEach(() => {
  twilio.behaviour = 'accept';
});
afterAll(async () => {
  await twilio.stop();
  fs.rmSync(cert.dir, { recursive: true, force: true });
});

const account = (overrides: Partial<{ baseUrl: string; authToken: string; ca: string; timeoutMs: number }> = {}) => ({
  accountSid: twilio.accountSid,
  authToken: twilio.authToken,
  baseUrl: twilio.url,
  timeoutMs: 2000,
  ...overrides,
});

const smsCode = (locale = 'fr'): Message =>
  codeMessage({ channel: 'sms', to: mobile, code: '482913', locale, organization: 'Université Mohammed VI des Sciences et de la Santé', ttlMinutes: 5 });
const voiceCode = (locale: string): Message =>
  codeMessage({ channel: 'voice', to: mobile, code: '482913', locale, organization: 'Université Démo', ttlMinutes: 5 });

async function sendFails(channel: DeliveryChannel, message: Message): Promise<DeliveryError> {
  const error = await channel.send(message).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('Twilio SMS channel', () => {
  it('creates a Message with To, From and Body, form-encoded, with basic auth — configured through createDelivery', async () => {
    const config = configSchema.parse({
      phone: { allowedCountries: ['MA'] },
      delivery: {
        sms: { type: 'twilio', accountSid: twilio.accountSid, authToken: 'secret:TWILIO_TOKEN', from: '+15005550006', baseUrl: twilio.url },
      },
    });
    const delivery = createDelivery(config, new Map([['secret:TWILIO_TOKEN', twilio.authToken]]), { outbox: unused });

    await delivery.sms!.send(smsCode());

    const request = twilio.requests.at(-1)!;
    expect(request.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`);
    expect(request.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.keys(request.params)).toEqual(['To', 'From', 'Body']);
    expect(twilio.messages.at(-1)).toEqual({
      to: mobile,
      from: '+15005550006',
      text: 'Université Mohammed VI des Sciences et de la Santé : votre code est 482913. Il expire dans 5 min. Ne le communiquez à personne.',
    });
  });

  it('sends through a Messaging Service instead of a From number', async () => {
    const sms = createTwilioSmsChannel({ ...account(), messagingServiceSid: 'MG' + 'a'.repeat(32) });
    await sms.send(smsCode('ar'));
    expect(twilio.messages.at(-1)).toEqual({ to: mobile, messagingServiceSid: 'MG' + 'a'.repeat(32), text: smsCode('ar').text });
    expect(twilio.requests.at(-1)!.params.From).toBeUndefined();
  });

  it('authenticates with an API key SID when one is configured', async () => {
    const keyed = await startFakeTwilio({ apiKeySid: 'SK' + 'b'.repeat(32), authToken: 'key-secret' });
    try {
      const sms = createTwilioSmsChannel({
        accountSid: keyed.accountSid,
        apiKeySid: 'SK' + 'b'.repeat(32),
        authToken: 'key-secret',
        baseUrl: keyed.url,
        timeoutMs: 2000,
        from: '+15005550006',
      });
      await sms.send(smsCode());
      expect(keyed.messages).toHaveLength(1);
    } finally {
      await keyed.stop();
    }
  });

  it('turns a wrong auth token into a DeliveryError carrying only the status and Twilio code', async () => {
    const before = twilio.messages.length;
    const error = await sendFails(createTwilioSmsChannel({ ...account({ authToken: 'wrong' }), from: '+15005550006' }), smsCode());
    expect(error.channel).toBe('sms');
    expect(error.message).toBe('twilio-sms: HTTP 401, Twilio error 20003');
    expect(twilio.messages).toHaveLength(before);
  });

  it('turns a Twilio refusal into a DeliveryError without quoting the number or the text', async () => {
    twilio.behaviour = { status: 400, code: 21610, message: `Attempt to send to unsubscribed recipient ${mobile}` };
    const error = await sendFails(createTwilioSmsChannel({ ...account(), from: '+15005550006' }), smsCode());
    expect(error.message).toBe('twilio-sms: HTTP 400, Twilio error 21610');
    expect(error.message).not.toContain('612345678');
  });

  it('gives up after the timeout when Twilio does not answer', async () => {
    twilio.behaviour = 'hang';
    const started = Date.now();
    const error = await sendFails(createTwilioSmsChannel({ ...account({ timeoutMs: 500 }), from: '+15005550006' }), smsCode());
    expect(error.message).toBe('twilio-sms: no answer within 500 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reaches an HTTPS endpoint signed by the configured CA, and refuses one it does not trust', async () => {
    const secure = await startFakeTwilio({ tls: { key: cert.key, cert: cert.cert } });
    try {
      const base = { accountSid: secure.accountSid, authToken: secure.authToken, baseUrl: secure.url, timeoutMs: 2000, from: '+15005550006' };
      await createTwilioSmsChannel({ ...base, ca: cert.cert }).send(smsCode());
      expect(secure.messages).toHaveLength(1);
      const error = await sendFails(createTwilioSmsChannel(base), smsCode());
      expect(error.message).toMatch(/^twilio-sms: (SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE)$/);
      expect(secure.messages).toHaveLength(1);
    } finally {
      await secure.stop();
    }
  });
});

describe('Twilio voice channel', () => {
  const voice = () => createTwilioVoiceChannel({ ...account(), from: '+15005550006' });

  it.each([
    ['fr', 'fr-FR', 'Google.fr-FR-Standard-A', 'Votre code de vérification est : 4, 8, 2, 9, 1, 3. Je répète : 4, 8, 2, 9, 1, 3.'],
    ['en', 'en-US', 'Google.en-US-Standard-C', 'Your verification code is: 4, 8, 2, 9, 1, 3. I repeat: 4, 8, 2, 9, 1, 3.'],
    ['ar', 'ar-XA', 'Google.ar-XA-Standard-A', 'رمز التحقق الخاص بك هو: 4, 8, 2, 9, 1, 3. أكرر: 4, 8, 2, 9, 1, 3.'],
  ])('calls with inline TwiML that says the code digit by digit, twice, in %s', async (locale, language, voiceName, spoken) => {
    await voice().send(voiceCode(locale));
    const request = twilio.requests.at(-1)!;
    expect(request.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/Calls.json`);
    expect(request.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.keys(request.params)).toEqual(['To', 'From', 'Twiml']);
    const call = twilio.calls.at(-1)!;
    expect(call.to).toBe(mobile);
    expect(call.from).toBe('+15005550006');
    expect(call.said).toHaveLength(1);
    expect(call.said[0]).toMatchObject({ language, voice: voiceName });
    expect(call.said[0]!.text).toContain(spoken);
    expect(call.said[0]!.text.match(/4, 8, 2, 9, 1, 3/g)).toHaveLength(2);
    expect(call.twiml).not.toContain('482913');
  });

  it('uses the voices configured for a language over the defaults', async () => {
    const config = configSchema.parse({
      delivery: {
        voice: {
          type: 'twilio',
          accountSid: twilio.accountSid,
          authToken: 'secret:TWILIO_TOKEN',
          from: '+15005550006',
          baseUrl: twilio.url,
          voices: { fr: { language: 'fr-CA', voice: 'Polly.Chantal' } },
        },
      },
    });
    const delivery = createDelivery(config, new Map([['TWILIO_TOKEN', twilio.authToken]]), { outbox: unused });
    await delivery.voice!.send(voiceCode('fr'));
    expect(twilio.calls.at(-1)!.said[0]).toMatchObject({ language: 'fr-CA', voice: 'Polly.Chantal' });
  });

  it('escapes the organization name inside the TwiML', async () => {
    await voice().send(codeMessage({ channel: 'voice', to: mobile, code: '1234', locale: 'en', organization: 'R&D <Lab> "X"', ttlMinutes: 5 }));
    const call = twilio.calls.at(-1)!;
    expect(call.twiml).toContain('R&amp;D &lt;Lab&gt; &quot;X&quot;');
    expect(call.said[0]!.text).toContain('This is R&D <Lab> "X".');
  });

  it('turns an error, a refusal and a timeout into DeliveryErrors', async () => {
    twilio.behaviour = { status: 400, code: 21215, message: 'Geo permission configuration is not permitting call' };
    expect((await sendFails(voice(), voiceCode('fr'))).message).toBe('twilio-voice: HTTP 400, Twilio error 21215');
    twilio.behaviour = { status: 503, code: 20503, message: 'Service unavailable' };
    expect((await sendFails(voice(), voiceCode('fr'))).message).toBe('twilio-voice: HTTP 503, Twilio error 20503');
    twilio.behaviour = 'hang';
    const hung = await sendFails(createTwilioVoiceChannel({ ...account({ timeoutMs: 500 }), from: '+15005550006' }), voiceCode('fr'));
    expect(hung.channel).toBe('voice');
    expect(hung.message).toBe('twilio-voice: no answer within 500 ms');
  });
});
