import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../electron/core/config/schema';
import { DeliveryError, type DeliveryChannel, type Message } from '../../../electron/core/delivery/channel';
import { createDelivery } from '../../../electron/core/delivery/create-delivery';
import { createHttpGatewayChannel } from '../../../electron/core/delivery/http-gateway-channel';
import { codeMessage } from '../../../electron/core/delivery/messages';
import { startFakeSmsGateway, type FakeSmsGateway } from '../../support/fake-sms-gateway';

const mobile = '+212612345678';
const unused: DeliveryChannel = { name: 'outbox', send: async () => expect.unreachable('the outbox must not be used') };

const smsCode = (locale = 'fr', organization = 'Université Démo'): Message =>
  codeMessage({ channel: 'sms', to: mobile, code: '482913', locale, organization, ttlMinutes: 5 });

async function sendFails(channel: DeliveryChannel, message: Message = smsCode()): Promise<DeliveryError> {
  const error = await channel.send(message).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

/** The gateway's own README configuration, through the schema and createDelivery, as an administrator would set it. */
function configured(gateway: FakeSmsGateway, overrides: Record<string, unknown> = {}, allowedCountries?: string[]): DeliveryChannel {
  const config = configSchema.parse({
    phone: allowedCountries ? { allowedCountries } : {},
    delivery: { sms: { ...gateway.smsConfig('secret:SMS_GATEWAY_KEY'), ...overrides }, timeoutMs: 1000 },
  });
  return createDelivery(config, new Map([['SMS_GATEWAY_KEY', gateway.apiKey]]), { outbox: unused }).sms!;
}

describe('generic HTTP gateway, JSON body (Infobip SMS API shape)', () => {
  let gateway: FakeSmsGateway;
  beforeAll(async () => {
    gateway = await startFakeSmsGateway({ api: 'infobip' });
  });
  afterEach(() => {
    gateway.behaviour = 'accept';
  });
  afterAll(() => gateway.stop());

  it('posts the documented JSON with the number in international digits and the App authorization', async () => {
    await configured(gateway).send(smsCode());
    const request = gateway.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/sms/2/text/advanced');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBe(`App ${gateway.apiKey}`);
    expect(JSON.parse(request.body)).toEqual({
      messages: [
        {
          destinations: [{ to: '212612345678' }],
          from: 'Guichet',
          text: 'Université Démo : votre code est 482913. Il expire dans 5 min. Ne le communiquez à personne.',
        },
      ],
    });
    expect(gateway.messages.at(-1)).toEqual({ to: mobile, text: smsCode().text, sender: 'Guichet' });
  });

  it('escapes quotes, backslashes and newlines of the text inside the JSON template', async () => {
    await configured(gateway).send(smsCode('en', 'Lab "A\\B"\nEst'));
    expect(gateway.messages.at(-1)!.text).toBe('Lab "A\\B"\nEst: your code is 482913. It expires in 5 min. Do not share it with anyone.');
  });

  it('treats an in-band rejection as a failure through successPattern', async () => {
    gateway.behaviour = 'refuse';
    const error = await sendFails(configured(gateway));
    expect(error.message).toBe('http-gateway: HTTP 200 but the answer does not match successPattern');
  });

  it('turns a wrong key, a server error and a hang into DeliveryErrors', async () => {
    const wrongKey = configured(gateway);
    const config = configSchema.parse({ delivery: { sms: gateway.smsConfig('secret:WRONG'), timeoutMs: 1000 } });
    const wrong = createDelivery(config, new Map([['WRONG', 'not-the-key']]), { outbox: unused }).sms!;
    expect((await sendFails(wrong)).message).toBe('http-gateway: HTTP 401');

    gateway.behaviour = { status: 500 };
    expect((await sendFails(wrongKey)).message).toBe('http-gateway: HTTP 500');

    gateway.behaviour = 'hang';
    const started = Date.now();
    expect((await sendFails(wrongKey)).message).toBe('http-gateway: no answer within 1000 ms');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses a number outside phone.allowedCountries before any request', async () => {
    const before = gateway.requests.length;
    const error = await sendFails(configured(gateway, {}, ['MA']), { ...smsCode(), to: '+33612345678' });
    expect(error.message).toBe('destination country FR is not allowed');
    expect(gateway.requests).toHaveLength(before);
    await configured(gateway, {}, ['MA']).send(smsCode());
    expect(gateway.requests).toHaveLength(before + 1);
  });
});

describe('generic HTTP gateway, form body (Africa’s Talking SMS API shape)', () => {
  let gateway: FakeSmsGateway;
  beforeAll(async () => {
    gateway = await startFakeSmsGateway({ api: 'africastalking', username: 'univ-demo' });
  });
  afterEach(() => {
    gateway.behaviour = 'accept';
  });
  afterAll(() => gateway.stop());

  it('posts the documented form fields with the apiKey header', async () => {
    await configured(gateway).send(smsCode('ar'));
    const request = gateway.requests.at(-1)!;
    expect(request.path).toBe('/version1/messaging');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers.apikey).toBe(gateway.apiKey);
    expect(request.headers.accept).toBe('application/json');
    const form = new URLSearchParams(request.body);
    expect([...form.keys()]).toEqual(['username', 'to', 'message', 'from']);
    expect(form.get('username')).toBe('univ-demo');
    expect(form.get('to')).toBe(mobile);
    expect(form.get('message')).toBe('Université Démo: رمزك 482913. صالح 5 د. لا تشاركه.');
    expect(gateway.messages.at(-1)).toEqual({ to: mobile, text: smsCode('ar').text, sender: 'Guichet' });
  });

  it('form-encodes "&", "=" and "+" in the text so they cannot add or change fields', async () => {
    await configured(gateway).send(smsCode('en', 'A&B=C+D'));
    const form = new URLSearchParams(gateway.requests.at(-1)!.body);
    expect([...form.keys()]).toEqual(['username', 'to', 'message', 'from']);
    expect(form.get('message')).toMatch(/^A&B=C\+D: your code is 482913\./);
  });

  it('treats a 201 that refuses the recipient as a failure through successPattern', async () => {
    gateway.behaviour = 'refuse';
    expect((await sendFails(configured(gateway))).message).toBe('http-gateway: HTTP 201 but the answer does not match successPattern');
  });

  it('treats a status outside successStatuses as a failure', async () => {
    gateway.behaviour = { status: 503 };
    expect((await sendFails(configured(gateway))).message).toBe('http-gateway: HTTP 503');
  });
});

describe('generic HTTP gateway, GET with placeholders in the URL (Kannel sendsms shape)', () => {
  let gateway: FakeSmsGateway;
  beforeAll(async () => {
    gateway = await startFakeSmsGateway({ api: 'query' });
  });
  afterEach(() => {
    gateway.behaviour = 'accept';
  });
  afterAll(() => gateway.stop());

  it('sends the README configuration as a GET with URL-encoded query parameters', async () => {
    await configured(gateway).send(smsCode('en', 'A&B=C'));
    const request = gateway.requests.at(-1)!;
    expect(request.method).toBe('GET');
    expect(request.path).toBe('/cgi-bin/sendsms');
    expect(request.body).toBe('');
    expect(request.headers.authorization).toBe(`Bearer ${gateway.apiKey}`);
    expect(gateway.messages.at(-1)).toEqual({ to: mobile, text: smsCode('en', 'A&B=C').text, sender: 'Guichet' });
    gateway.behaviour = 'refuse';
    expect((await sendFails(configured(gateway))).message).toBe('http-gateway: HTTP 202 but the answer does not match successPattern');
  });

  it('fills every placeholder, including the national and digits-only forms of the number', async () => {
    const channel = createHttpGatewayChannel({
      url: `${gateway.url}/cgi-bin/sendsms?to={to}&national={to_national}&digits={to_digits}&text={text}&from={sender}`,
      method: 'GET',
      headers: {},
      sender: 'Univ & Co',
      authHeader: { name: 'Authorization', value: `Bearer ${gateway.apiKey}` },
      successStatuses: [202],
      timeoutMs: 1000,
    });
    await channel.send(smsCode('en', 'A&B'));
    const query = new URL(gateway.requests.at(-1)!.target, gateway.url).searchParams;
    expect(query.get('to')).toBe(mobile);
    expect(query.get('national')).toBe('0612345678');
    expect(query.get('digits')).toBe('212612345678');
    expect(query.get('text')).toBe(smsCode('en', 'A&B').text);
    expect(query.get('from')).toBe('Univ & Co');
  });
});
