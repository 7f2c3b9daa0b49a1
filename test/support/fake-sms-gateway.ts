import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * A loopback SMS gateway speaking one of two documented aggregator APIs, the shapes the generic HTTP channel is
 * configured for in the README:
 * - `infobip` (JSON): `POST /sms/2/text/advanced`, `Authorization: App <key>`, body
 *   `{ "messages": [{ "destinations": [{ "to": "41793026727" }], "from": "InfoSMS", "text": "…" }] }` with numbers in
 *   international format without "+"; 200 with `messages[].status` (PENDING_ACCEPTED, or REJECTED) —
 *   https://dev-old.infobip.com/send-sms/fully-featured-text-message, https://dev.infobip.com/send-sms/sms-api-response
 * - `africastalking` (form): `POST /version1/messaging`, `apiKey: <key>` header, form-encoded `username`, `to`
 *   (comma-separated, "+" international), `message`, optional `from`; 201 with `SMSMessageData.Recipients[].statusCode`
 *   (101 sent; 4xx refused while the HTTP status stays 201) — https://docs.africastalking.com/sms/sending
 * - `query`: the shape of Kannel's sendsms interface, `GET /cgi-bin/sendsms?to=…&text=…&from=…`, 202
 *   "0: Accepted for delivery" (Kannel User's Guide, "SMS Push (send-sms) CGI Variables", https://www.kannel.org/doc.shtml;
 *   an unencoded "+" in `to` would read as a separator there) — with a bearer token in place of Kannel's
 *   username/password query parameters, which the channel does not put in URLs.
 * It keeps what it accepted (numbers as E.164), so a test can read the code a visitor would have received.
 */

export type FakeSmsApi = 'infobip' | 'africastalking' | 'query';
export type FakeSms = { to: string; text: string; sender?: string };

/**
 * How the next requests are answered: normally, never (the socket stays open), with an HTTP error, or `refuse`: the
 * provider's in-band refusal under a success status (invalid number, no credit).
 */
export type FakeSmsBehaviour = 'accept' | 'hang' | 'refuse' | { status: number };

export type FakeSmsGatewayOptions = {
  api?: FakeSmsApi;
  apiKey?: string;
  /** Africa's Talking application user name. */
  username?: string;
  tls?: { key: string; cert: string };
};

export type FakeSmsGateway = {
  url: string;
  api: FakeSmsApi;
  apiKey: string;
  username: string;
  messages: FakeSms[];
  /** Every request received, accepted or not; `target` is the path with its query string. */
  requests: { method: string; path: string; target: string; headers: http.IncomingHttpHeaders; body: string }[];
  behaviour: FakeSmsBehaviour;
  /** `delivery.sms` for this gateway, its credential read from `secretRef`. */
  smsConfig(secretRef?: string): Record<string, unknown>;
  stop(): Promise<void>;
};

export async function startFakeSmsGateway(options: FakeSmsGatewayOptions = {}): Promise<FakeSmsGateway> {
  const api = options.api ?? 'infobip';
  const apiKey = options.apiKey ?? 'fake-gateway-key-0123';
  const username = options.username ?? 'guichet';
  const fake: Omit<FakeSmsGateway, 'url' | 'stop' | 'smsConfig'> = { api, apiKey, username, messages: [], requests: [], behaviour: 'accept' };
  let counter = 0;

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      fake.requests.push({ method: req.method ?? '', path, target: req.url ?? '/', headers: req.headers, body });
      const mediaType = req.headers['content-type']?.split(';')[0]?.trim();
      const answer = (status: number, payload: unknown) => {
        res.writeHead(status, { 'Content-Type': typeof payload === 'string' ? 'text/plain' : 'application/json' });
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      counter += 1;

      if (api === 'infobip') {
        const serviceException = (status: number, messageId: string, text: string) =>
          answer(status, { requestError: { serviceException: { messageId, text } } });
        if (req.method !== 'POST' || path !== '/sms/2/text/advanced') return serviceException(404, 'NOT_FOUND', 'Not found');
        if (req.headers.authorization !== `App ${apiKey}`) return serviceException(401, 'UNAUTHORIZED', 'Invalid login details');
        if (fake.behaviour === 'hang') return;
        if (typeof fake.behaviour === 'object') return serviceException(fake.behaviour.status, 'GENERAL_ERROR', 'Something went wrong');
        if (mediaType !== 'application/json') return serviceException(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type');
        const sms = parseInfobip(body);
        if (!sms) return serviceException(400, 'BAD_REQUEST', 'Bad request');
        const refused = fake.behaviour === 'refuse';
        if (!refused) fake.messages.push(...sms);
        return answer(200, {
          bulkId: `BULK-${counter}`,
          messages: sms.map((m, i) => ({
            to: m.to.slice(1),
            status: refused
              ? { groupId: 5, groupName: 'REJECTED', id: 51, name: 'MISSING_TO', description: 'Missing destination' }
              : { groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED', description: 'Message sent to next instance' },
            messageId: `${counter}-${i}`,
          })),
        });
      }

      if (api === 'query') {
        if (req.method !== 'GET' || path !== '/cgi-bin/sendsms') return answer(404, 'Not Found');
        if (req.headers.authorization !== `Bearer ${apiKey}`) return answer(403, 'Authorization failed for sendsms');
        if (fake.behaviour === 'hang') return;
        if (typeof fake.behaviour === 'object') return answer(fake.behaviour.status, 'Internal error');
        const query = new URL(req.url ?? '/', 'http://fake').searchParams;
        const to = query.get('to');
        const text = query.get('text');
        if (!to || !/^\+[1-9]\d{6,14}$/.test(to) || !text) return answer(400, 'Missing receiver number or text');
        if (fake.behaviour === 'refuse') return answer(202, '4: Not routable. Do not try again.');
        const from = query.get('from');
        fake.messages.push({ to, text, ...(from ? { sender: from } : {}) });
        return answer(202, '0: Accepted for delivery');
      }

      if (req.method !== 'POST' || path !== '/version1/messaging') return answer(404, 'Not Found');
      if (req.headers.apikey !== apiKey) return answer(401, 'The supplied authentication is invalid');
      if (fake.behaviour === 'hang') return;
      if (typeof fake.behaviour === 'object') return answer(fake.behaviour.status, 'Internal Server Error');
      if (mediaType !== 'application/x-www-form-urlencoded') return answer(400, 'Request is missing required form field');
      const form = new URLSearchParams(body);
      const to = form.get('to')?.split(',').map((n) => n.trim()) ?? [];
      const message = form.get('message');
      if (form.get('username') !== username) return answer(401, 'The supplied authentication is invalid');
      if (to.length === 0 || !to.every((n) => /^\+[1-9]\d{6,14}$/.test(n)) || !message) {
        return answer(400, "Request is missing required form field 'to' or 'message'");
      }
      const refused = fake.behaviour === 'refuse';
      const from = form.get('from');
      if (!refused) fake.messages.push(...to.map((n) => ({ to: n, text: message, ...(from ? { sender: from } : {}) })));
      // The documented response is XML unless the client asks for JSON.
      if (!req.headers.accept?.includes('application/json')) return answer(201, '<AfricasTalkingResponse/>');
      return answer(201, {
        SMSMessageData: {
          Message: refused ? 'Sent to 0/1 Total Cost: 0' : `Sent to ${to.length}/${to.length} Total Cost: MAD 0.5000`,
          Recipients: to.map((n, i) =>
            refused
              ? { statusCode: 403, number: n, status: 'InvalidPhoneNumber', cost: '0', messageId: 'None' }
              : { statusCode: 101, number: n, status: 'Success', cost: 'MAD 0.5000', messageId: `ATXid_${counter}_${i}` },
          ),
        },
      });
    });
  };

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return Object.assign(fake, {
    url,
    smsConfig: (secretRef = 'secret:SMS_GATEWAY_KEY') =>
      api === 'query'
        ? {
            type: 'http',
            method: 'GET',
            url: `${url}/cgi-bin/sendsms?to={to}&text={text}&from={sender}`,
            sender: 'Guichet',
            auth: { type: 'header', header: 'Authorization', prefix: 'Bearer ', secret: secretRef },
            successStatuses: [202],
            successPattern: '^[03]: ',
          }
        : api === 'infobip'
        ? {
            type: 'http',
            url: `${url}/sms/2/text/advanced`,
            sender: 'Guichet',
            auth: { type: 'header', header: 'Authorization', prefix: 'App ', secret: secretRef },
            body: { format: 'json', template: { messages: [{ destinations: [{ to: '{to_digits}' }], from: '{sender}', text: '{text}' }] } },
            successStatuses: [200],
            successPattern: '"groupName"\\s*:\\s*"(PENDING|DELIVERED)"',
          }
        : {
            type: 'http',
            url: `${url}/version1/messaging`,
            sender: 'Guichet',
            headers: { Accept: 'application/json' },
            auth: { type: 'header', header: 'apiKey', secret: secretRef },
            body: { format: 'form', template: { username, to: '{to}', message: '{text}', from: '{sender}' } },
            successStatuses: [201],
            successPattern: '"statusCode"\\s*:\\s*10[0-2]\\b',
          },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function parseInfobip(body: string): FakeSms[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const messages = (parsed as { messages?: unknown }).messages;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  const out: FakeSms[] = [];
  for (const m of messages as { destinations?: unknown; from?: unknown; text?: unknown }[]) {
    if (!Array.isArray(m.destinations) || m.destinations.length === 0 || typeof m.text !== 'string' || m.text === '') return undefined;
    if (m.from !== undefined && typeof m.from !== 'string') return undefined;
    for (const d of m.destinations as { to?: unknown }[]) {
      // International format without "+", as the documentation's examples write it.
      if (typeof d.to !== 'string' || !/^[1-9]\d{6,14}$/.test(d.to)) return undefined;
      out.push({ to: `+${d.to}`, text: m.text, ...(typeof m.from === 'string' ? { sender: m.from } : {}) });
    }
  }
  return out;
}
