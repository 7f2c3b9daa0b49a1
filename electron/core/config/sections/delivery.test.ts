import { describe, expect, it } from 'vitest';
import { deliverySection } from './delivery';

const sid = 'AC' + '0123456789abcdef'.repeat(2);
const issues = (input: unknown) => {
  const r = deliverySection.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('delivery config section', () => {
  it('defaults to the outbox with a 10 s timeout', () => {
    expect(deliverySection.parse(undefined)).toEqual({ outbox: {}, timeoutMs: 10000 });
  });

  it('fills provider defaults', () => {
    const d = deliverySection.parse({
      sms: { type: 'twilio', accountSid: sid, authToken: 'secret:TW', messagingServiceSid: 'MG' + '0'.repeat(32) },
      voice: { type: 'twilio', accountSid: sid, authToken: 'secret:TW', from: '+15005550006' },
      email: { type: 'smtp', host: 'smtp.example.test', from: 'guichet@example.test' },
    });
    expect(d.sms).toMatchObject({ baseUrl: 'https://api.twilio.com' });
    expect(d.voice).toMatchObject({ voices: {} });
    expect(d.email).toMatchObject({ port: 587, secure: false });
    const gw = deliverySection.parse({ sms: { type: 'http', url: 'https://gw.example.test/send' } }).sms;
    expect(gw).toMatchObject({ method: 'POST', headers: {}, successStatuses: [200, 201, 202, 204] });
  });

  it('wants secrets as references, never inline', () => {
    expect(issues({ sms: { type: 'twilio', accountSid: sid, authToken: 'abc123', from: '+15005550006' } })).toEqual([
      'sms.authToken: expected a secret reference like "secret:NAME"',
    ]);
  });

  it('rejects incomplete or contradictory provider settings', () => {
    expect(issues({ sms: { type: 'twilio', accountSid: sid, authToken: 'secret:TW' } })).toEqual(['sms.from: set "from" or "messagingServiceSid"']);
    expect(issues({ sms: { type: 'twilio', accountSid: 'AC123', authToken: 'secret:TW', from: 'X' } })[0]).toMatch(/^sms.accountSid/);
    expect(issues({ voice: { type: 'twilio', accountSid: sid, authToken: 'secret:TW', from: '0612345678' } })[0]).toMatch(/^voice.from/);
    expect(issues({ email: { type: 'smtp', host: 'h', from: 'g@example.test', user: 'u' } })).toEqual(['email.password: "user" and "password" go together']);
    expect(issues({ email: { type: 'smtp', host: 'h', from: 'not an address' } })[0]).toMatch(/^email.from/);
    expect(issues({ sms: { type: 'http', url: 'ftp://gw.example.test' } })).toEqual(['sms.url: expected an http:// or https:// URL']);
    expect(issues({ voice: { type: 'http', url: 'https://gw.example.test' } })[0]).toMatch(/^voice.type/);
  });

  it('refuses http:// for providers that carry credentials and codes, except on a loopback address', () => {
    const message = 'http:// only on this machine (localhost, 127.0.0.1, ::1): credentials and codes would cross the network in clear; use https://';
    const twilio = (baseUrl: string) => issues({ sms: { type: 'twilio', accountSid: sid, authToken: 'secret:TW', from: '+15005550006', baseUrl } });
    const voice = (baseUrl: string) => issues({ voice: { type: 'twilio', accountSid: sid, authToken: 'secret:TW', from: '+15005550006', baseUrl } });
    const gateway = (url: string) => issues({ sms: { type: 'http', url, auth: { type: 'header', secret: 'secret:GW' } } });
    expect(twilio('http://api.twilio.com')).toEqual([`sms.baseUrl: ${message}`]);
    expect(voice('http://10.0.0.5:8080')).toEqual([`voice.baseUrl: ${message}`]);
    expect(gateway('http://sms.operator.example/send')).toEqual([`sms.url: ${message}`]);
    expect(gateway('http://127.0.0.2.example/send')).toEqual([`sms.url: ${message}`]);
    for (const url of ['http://127.0.0.1:8080/send', 'http://localhost/send', 'http://[::1]:9000/send', 'https://sms.operator.example/send']) {
      expect(gateway(url), url).toEqual([]);
      expect(twilio(url), url).toEqual([]);
    }
  });

  it('checks gateway templates: known placeholders only, no body on GET, a valid success pattern', () => {
    const gw = (extra: object) => ({ sms: { type: 'http', url: 'https://gw.example.test/send', ...extra } });
    expect(issues(gw({ body: { format: 'json', template: { to: '{to}', msg: '{message}' } } }))).toEqual([
      'sms.body: unknown placeholder(s) {message}; known: {to} {to_digits} {to_national} {text} {sender}',
    ]);
    expect(issues(gw({ url: 'https://gw.example.test/send?to={phone}' }))[0]).toMatch(/unknown placeholder\(s\) \{phone\}/);
    expect(issues(gw({ method: 'GET', body: { format: 'form', template: { to: '{to}' } } }))).toEqual([
      'sms.body: a GET request has no body: put placeholders in the URL',
    ]);
    expect(issues(gw({ successPattern: '(' }))).toEqual(['sms.successPattern: successPattern is not a valid regular expression']);
    expect(issues(gw({ body: { format: 'form', template: { to: '{to}', n: '{to_national}', d: '{to_digits}', t: '{text}', s: '{sender}' } } }))).toEqual(
      [],
    );
  });
});
