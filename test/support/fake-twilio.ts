import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for Twilio's 2010-04-01 REST API, strict about what Twilio documents:
 * - auth: HTTP basic, account SID (or API key SID) : auth token — https://www.twilio.com/docs/usage/api#authenticate-with-http
 * - Messages: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded `To` (E.164), `From` or
 *   `MessagingServiceSid`, `Body` (≤ 1600 characters); 201 with the Message resource —
 *   https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
 * - Calls: `POST /2010-04-01/Accounts/{AccountSid}/Calls.json`, form-encoded `To`, `From`, and `Url`, `Twiml` or
 *   `ApplicationSid`; `Twiml` ≤ 4000 characters; 201 with the Call resource —
 *   https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource, https://www.twilio.com/docs/api/errors/21200
 * - errors: JSON `{ code, message, more_info, status }` — https://www.twilio.com/docs/usage/twilios-response
 * It keeps what it accepted, so a test can read the code a visitor would have received.
 */

export type FakeTwilioMessage = { to: string; from?: string; messagingServiceSid?: string; text: string };
export type FakeTwilioSay = { language?: string; voice?: string; text: string };
export type FakeTwilioCall = { to: string; from: string; twiml: string; said: FakeTwilioSay[] };

/** How the next requests are answered: normally, never (the socket stays open), or with a Twilio error. */
export type FakeTwilioBehaviour = 'accept' | 'hang' | { status: number; code: number; message: string };

export type FakeTwilioOptions = {
  accountSid?: string;
  authToken?: string;
  /** When set, requests must authenticate with this API key SID instead of the account SID. */
  apiKeySid?: string;
  /** Serve HTTPS with this certificate instead of HTTP. */
  tls?: { key: string; cert: string };
};

export type FakeTwilio = {
  url: string;
  accountSid: string;
  authToken: string;
  messages: FakeTwilioMessage[];
  calls: FakeTwilioCall[];
  /** Every request received, accepted or not. */
  requests: { method: string; path: string; contentType?: string; params: Record<string, string> }[];
  behaviour: FakeTwilioBehaviour;
  stop(): Promise<void>;
};

const e164 = /^\+[1-9]\d{1,14}$/;

export async function startFakeTwilio(options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const accountSid = options.accountSid ?? 'AC' + '0123456789abcdef'.repeat(2);
  const authToken = options.authToken ?? 'fake-twilio-auth-token';
  const fake: Omit<FakeTwilio, 'url' | 'stop'> = { accountSid, authToken, messages: [], calls: [], requests: [], behaviour: 'accept' };
  let counter = 0;

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const contentType = req.headers['content-type'];
      const isForm = contentType?.split(';')[0]?.trim() === 'application/x-www-form-urlencoded';
      const params = isForm ? Object.fromEntries(new URLSearchParams(raw)) : {};
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      fake.requests.push({ method: req.method ?? '', path, contentType, params });

      const error = (status: number, code: number, message: string) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
      };
      const created = (resource: Record<string, unknown>) => {
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(resource));
      };

      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(path);
      if (req.method !== 'POST' || !match) return error(404, 20404, 'The requested resource was not found');
      if (!authorized(req.headers.authorization, options.apiKeySid ?? accountSid, authToken)) return error(401, 20003, 'Authenticate');
      if (match[1] !== accountSid) return error(404, 20404, 'The requested resource was not found');
      if (fake.behaviour === 'hang') return;
      if (typeof fake.behaviour === 'object') return error(fake.behaviour.status, fake.behaviour.code, fake.behaviour.message);

      const now = new Date().toUTCString();
      counter += 1;
      if (match[2] === 'Messages') {
        if (!params.To) return error(400, 21604, "A 'To' phone number is required.");
        if (!e164.test(params.To)) return error(400, 21211, `Invalid 'To' Phone Number: ${params.To}`);
        if (!params.From && !params.MessagingServiceSid) return error(400, 21603, "A 'From' phone number is required.");
        if (!params.Body) return error(400, 21602, 'Message body is required.');
        if (params.Body.length > 1600) return error(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
        fake.messages.push({
          to: params.To,
          ...(params.From ? { from: params.From } : {}),
          ...(params.MessagingServiceSid ? { messagingServiceSid: params.MessagingServiceSid } : {}),
          text: params.Body,
        });
        const sid = `SM${String(counter).padStart(32, '0')}`;
        return created({
          account_sid: accountSid,
          api_version: '2010-04-01',
          body: params.Body,
          date_created: now,
          date_sent: null,
          date_updated: now,
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from: params.From ?? null,
          messaging_service_sid: params.MessagingServiceSid ?? null,
          num_media: '0',
          num_segments: '1',
          price: null,
          price_unit: 'USD',
          sid,
          status: params.MessagingServiceSid ? 'accepted' : 'queued',
          subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
          to: params.To,
          uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
        });
      }
      if (!params.To) return error(400, 21201, "No 'To' number is specified");
      if (!params.From) return error(400, 21213, "No 'From' number is specified");
      if (!params.Url && !params.Twiml && !params.ApplicationSid) return error(400, 21200, 'Url, Twiml or ApplicationSid is required');
      if (params.Twiml && params.Twiml.length > 4000) return error(400, 21200, 'Twiml exceeds 4000 characters');
      if (params.Twiml && !/^\s*(<\?xml[^>]*\?>\s*)?<Response>[\s\S]*<\/Response>\s*$/.test(params.Twiml)) {
        return error(400, 21200, 'Twiml is not a <Response> document');
      }
      fake.calls.push({ to: params.To, from: params.From, twiml: params.Twiml ?? '', said: sayVerbs(params.Twiml ?? '') });
      const sid = `CA${String(counter).padStart(32, '0')}`;
      return created({
        account_sid: accountSid,
        api_version: '2010-04-01',
        date_created: now,
        date_updated: now,
        direction: 'outbound-api',
        from: params.From,
        sid,
        status: 'queued',
        to: params.To,
        uri: `/2010-04-01/Accounts/${accountSid}/Calls/${sid}.json`,
      });
    });
  };

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function authorized(header: string | undefined, user: string, password: string): boolean {
  if (!header?.startsWith('Basic ')) return false;
  return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${user}:${password}`;
}

/** The <Say> verbs of a TwiML document, text unescaped. */
function sayVerbs(twiml: string): FakeTwilioSay[] {
  return [...twiml.matchAll(/<Say((?:\s+[a-zA-Z]+="[^"]*")*)\s*>([\s\S]*?)<\/Say>/g)].map((m) => {
    const attributes = Object.fromEntries([...(m[1] ?? '').matchAll(/([a-zA-Z]+)="([^"]*)"/g)].map((a) => [a[1], unescapeXml(a[2] ?? '')]));
    return {
      ...(attributes.language ? { language: attributes.language } : {}),
      ...(attributes.voice ? { voice: attributes.voice } : {}),
      text: unescapeXml(m[2] ?? ''),
    };
  });
}

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name]!);
}
