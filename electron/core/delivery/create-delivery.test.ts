import { describe, expect, it } from 'vitest';
import { configSchema, type ConfigInput } from '../config/schema';
import type { DeliveryChannel, Message } from './channel';
import { createDelivery } from './create-delivery';
import { DeliveryStatus } from './delivery-status';

const sid = 'AC' + '0'.repeat(32);

function outbox(): DeliveryChannel & { sent: Message[] } {
  const sent: Message[] = [];
  return { name: 'outbox', sent, send: async (m) => void sent.push(m) };
}
const parse = (input: ConfigInput) => configSchema.parse(input);
const sms = (to = '+212 6 12 34 56 78'): Message => ({ channel: 'sms', to, text: 'code 482913', locale: 'fr' });

describe('createDelivery', () => {
  it('uses the outbox for every channel when nothing is configured', async () => {
    const box = outbox();
    const delivery = createDelivery(parse({}), new Map(), { outbox: box });
    expect([delivery.sms?.name, delivery.voice?.name, delivery.email?.name]).toEqual(['outbox', 'outbox', 'outbox']);
    await delivery.sms!.send(sms());
    await delivery.email!.send({ channel: 'email', to: 'a@example.test', subject: 's', text: 't', locale: 'fr' });
    expect(box.sent.map((m) => m.to)).toEqual(['+212612345678', 'a@example.test']);
  });

  it('leaves out a channel set to "none", so it is not offered', () => {
    const delivery = createDelivery(parse({ delivery: { voice: { type: 'none' }, email: { type: 'none' } } }), new Map(), { outbox: outbox() });
    expect(Object.keys(delivery)).toEqual(['sms']);
  });

  it('builds each configured provider, reading secrets by reference or by name', () => {
    const config = parse({
      delivery: {
        sms: { type: 'http', url: 'https://sms.example.test/send', auth: { type: 'header', secret: 'secret:GW' } },
        voice: { type: 'twilio', accountSid: sid, authToken: 'secret:TW', from: '+15005550006' },
        email: { type: 'smtp', host: 'smtp.example.test', user: 'guichet', password: 'secret:SMTP', from: 'guichet@example.test' },
      },
    });
    const delivery = createDelivery(config, new Map([['GW', 'k'], ['secret:TW', 't'], ['SMTP', 'p']]), { outbox: outbox() });
    expect([delivery.sms?.name, delivery.voice?.name, delivery.email?.name]).toEqual(['http-gateway', 'twilio-voice', 'smtp']);
  });

  it('fails at start-up on a missing secret or an unreadable CA file', () => {
    const twilio = parse({ delivery: { sms: { type: 'twilio', accountSid: sid, authToken: 'secret:TW', from: '+15005550006' } } });
    expect(() => createDelivery(twilio, new Map(), { outbox: outbox() })).toThrow('delivery.sms.authToken: secret secret:TW is not available');
    const withCa = parse({
      delivery: { sms: { type: 'twilio', accountSid: sid, authToken: 'secret:TW', from: '+15005550006', caFile: '/nonexistent/ca.pem' } },
    });
    expect(() => createDelivery(withCa, new Map([['TW', 't']]), { outbox: outbox() })).toThrow(
      'delivery.sms.caFile: cannot read /nonexistent/ca.pem (ENOENT)',
    );
  });

  it('enforces phone.allowedCountries on phone channels, whatever the provider, and not on email', async () => {
    const box = outbox();
    const delivery = createDelivery(parse({ phone: { allowedCountries: ['MA'] } }), new Map(), { outbox: box });
    await expect(delivery.sms!.send(sms('+33612345678'))).rejects.toThrow('destination country FR is not allowed');
    await expect(delivery.voice!.send({ ...sms('+33612345678'), channel: 'voice' })).rejects.toThrow('not allowed');
    await delivery.email!.send({ channel: 'email', to: 'x@example.fr', subject: 's', text: 't', locale: 'fr' });
    expect(box.sent).toHaveLength(1);
  });

  it('sends only to phone.defaultCountry when phone.allowedCountries is not set', async () => {
    const box = outbox();
    const delivery = createDelivery(parse({ phone: { defaultCountry: 'SN' } }), new Map(), { outbox: box });
    await expect(delivery.sms!.send(sms('+212612345678'))).rejects.toThrow('destination country MA is not allowed');
    await expect(delivery.voice!.send({ ...sms('+447700900123'), channel: 'voice' })).rejects.toThrow('not allowed');
    await delivery.sms!.send(sms('+221771234567'));
    expect(box.sent).toHaveLength(1);
    expect(parse({}).phone.allowedCountries).toEqual(['MA']);
  });

  it('reports each channel to the status, but not a country refusal, which is policy rather than a provider fault', async () => {
    const status = new DeliveryStatus({ now: () => 42 });
    const failing: DeliveryChannel = { name: 'outbox', send: async () => Promise.reject(Object.assign(new Error('disk'), { code: 'ENOSPC' })) };
    const delivery = createDelivery(parse({ phone: { allowedCountries: ['MA'] }, delivery: { voice: { type: 'none' } } }), new Map(), {
      outbox: failing,
      status,
    });
    await expect(delivery.sms!.send(sms('+33612345678'))).rejects.toThrow('not allowed');
    expect(status.snapshot()).toEqual({ sms: { provider: 'outbox' }, email: { provider: 'outbox' } });
    await expect(delivery.sms!.send(sms())).rejects.toThrow('outbox: ENOSPC');
    expect(status.snapshot().sms).toEqual({ provider: 'outbox', lastError: { at: 42, detail: 'outbox: ENOSPC' } });
  });
});
