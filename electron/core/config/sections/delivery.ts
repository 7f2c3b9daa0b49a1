import { z } from 'zod';
import { secretRef } from './secret-ref';
import { whenReadKeysValid } from '../when-read-keys-valid';

/** Placeholders a generic gateway template may use; anything else in braces is a config error, not a silent literal. */
const gatewayPlaceholders = ['to', 'to_digits', 'to_national', 'text', 'sender'] as const;

/** This machine only: what is sent there never crosses a network. */
const loopbackHost = (hostname: string) => hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);

/**
 * A provider URL. Every request to it carries our credentials and a verification code, so http:// is refused
 * unless it stays on this machine (a local relay or a test double).
 */
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).check((ctx) => {
  const url = URL.canParse(ctx.value) ? new URL(ctx.value) : undefined;
  if (url?.protocol === 'http:' && !loopbackHost(url.hostname)) {
    ctx.issues.push({
      code: 'custom',
      message: 'http:// only on this machine (localhost, 127.0.0.1, ::1): credentials and codes would cross the network in clear; use https://',
      input: ctx.value,
    });
  }
});

const caFile = z
  .string()
  .optional()
  .describe('PEM file of the CA that signed the provider certificate (private endpoint or TLS-inspecting proxy). Default: the system CAs.');

const outbox = z.strictObject({ type: z.literal('outbox') }).describe('Write messages to the outbox file (demo).');
const none = z.strictObject({ type: z.literal('none') }).describe('Do not offer this channel to visitors.');

const twilioAccount = {
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected a Twilio account SID (AC + 32 hex digits)').describe('Twilio account SID (AC…); part of every request path.'),
  apiKeySid: z
    .string()
    .regex(/^SK[0-9a-fA-F]{32}$/, 'expected a Twilio API key SID (SK + 32 hex digits)')
    .optional()
    .describe('API key SID (SK…) to authenticate with instead of the account SID; authToken then holds that key\'s secret.'),
  authToken: secretRef.describe('Auth token of the account (or API key secret), as secret:NAME.'),
  baseUrl: httpUrl.default('https://api.twilio.com').describe('REST API root; change only for a regional edge or a test double.'),
  caFile,
};

const twilioSms = z
  .strictObject({
    type: z.literal('twilio'),
    ...twilioAccount,
    from: z.string().min(1).optional().describe('Sender: a Twilio number in E.164 or an approved alphanumeric sender ID.'),
    messagingServiceSid: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, 'expected a Messaging Service SID (MG + 32 hex digits)')
      .optional()
      .describe('Messaging Service SID (MG…); Twilio then picks the sender from the service pool.'),
  })
  .superRefine((_value, ctx) => {
    if (!ctx.value.from && !ctx.value.messagingServiceSid) {
      ctx.issues.push({ code: 'custom', message: 'set "from" or "messagingServiceSid"', path: ['from'], input: ctx.value });
    }
  }, whenReadKeysValid(['from'], ['messagingServiceSid']))
  .describe('Twilio Programmable Messaging (REST, Messages resource).');

const twilioVoice = z
  .strictObject({
    type: z.literal('twilio'),
    ...twilioAccount,
    from: z.string().regex(/^\+[1-9]\d{1,14}$/, 'expected an E.164 number like +212522000000').describe('Caller ID: a Twilio number or verified caller ID, in E.164.'),
    voices: z
      .record(
        z.string().min(2),
        z.strictObject({
          language: z.string().min(2).describe('<Say language>, e.g. fr-FR.'),
          voice: z.string().min(1).optional().describe('<Say voice>, e.g. Google.fr-FR-Standard-A or Polly.Lea.'),
        }),
      )
      .default({})
      .describe(
        'Text-to-speech voice per visitor language, merged over the defaults fr → fr-FR Google.fr-FR-Standard-A, en → en-US Google.en-US-Standard-C, ar → ar-XA Google.ar-XA-Standard-A.',
      ),
  })
  .describe('Twilio Programmable Voice: a call that reads the code with inline TwiML <Say>.');

const smtp = z
  .strictObject({
    type: z.literal('smtp'),
    host: z.string().min(1).describe('SMTP relay or submission server.'),
    port: z.number().int().min(1).max(65535).default(587).describe('587 for STARTTLS submission, 465 for implicit TLS.'),
    secure: z
      .boolean()
      .default(false)
      .describe('true: TLS from the first byte (port 465). false: STARTTLS, which is then required; plaintext is never used.'),
    caFile,
    user: z.string().min(1).optional().describe('SMTP AUTH user name; omit for a relay that authorizes by address.'),
    password: secretRef.optional().describe('SMTP AUTH password, as secret:NAME.'),
    from: z.email().describe('Envelope and header sender address.'),
    fromName: z.string().min(1).optional().describe('Display name of the sender (default: organization.name).'),
  })
  .superRefine((_value, ctx) => {
    if (Boolean(ctx.value.user) !== Boolean(ctx.value.password)) {
      ctx.issues.push({ code: 'custom', message: '"user" and "password" go together', path: ['password'], input: ctx.value });
    }
  }, whenReadKeysValid(['user'], ['password']))
  .describe('Email through an SMTP server (nodemailer).');

const gatewayAuth = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('header'),
      header: z.string().min(1).default('Authorization').describe('Header that carries the credential.'),
      prefix: z.string().default('').describe('Text before the secret, e.g. "Bearer " or "App ".'),
      secret: secretRef.describe('The credential, as secret:NAME.'),
    }),
    z.strictObject({
      type: z.literal('basic'),
      username: z.string().min(1),
      password: secretRef.describe('HTTP basic password, as secret:NAME.'),
    }),
  ])
  .describe('How the gateway authenticates us.');

const gatewayBody = z
  .discriminatedUnion('format', [
    z.strictObject({
      format: z.literal('json'),
      template: z.json().describe('JSON document sent as is, placeholders replaced inside its strings.'),
    }),
    z.strictObject({
      format: z.literal('form'),
      template: z.record(z.string(), z.string()).describe('Form fields (application/x-www-form-urlencoded), placeholders replaced inside values.'),
    }),
  ])
  .describe(
    'Request body. Placeholders: {to} (+212612345678), {to_digits} (212612345678), {to_national} (0612345678), {text}, {sender}; escaped for the format.',
  );

const placeholderPattern = /\{([A-Za-z_]+)\}/g;
const unknownPlaceholders = (value: unknown): string[] => {
  if (typeof value === 'string') {
    return [...value.matchAll(placeholderPattern)].map((m) => m[1]!).filter((name) => !(gatewayPlaceholders as readonly string[]).includes(name));
  }
  if (Array.isArray(value)) return value.flatMap(unknownPlaceholders);
  if (value && typeof value === 'object') return Object.values(value).flatMap(unknownPlaceholders);
  return [];
};

const httpGateway = z
  .strictObject({
    type: z.literal('http'),
    url: httpUrl.describe('Endpoint; placeholders in it are URL-encoded (for gateways that take GET query parameters).'),
    method: z.enum(['POST', 'PUT', 'GET']).default('POST'),
    headers: z.record(z.string(), z.string()).default({}).describe('Extra request headers (not secret).'),
    body: gatewayBody.optional(),
    sender: z.string().optional().describe('Value of {sender}: the sender ID or short code the gateway expects.'),
    auth: gatewayAuth.optional(),
    successStatuses: z
      .array(z.number().int().min(100).max(599))
      .min(1)
      .default([200, 201, 202, 204])
      .describe('Response statuses that mean the gateway accepted the message.'),
    successPattern: z
      .string()
      .optional()
      .describe('Regular expression the response body must also match, for gateways that answer 200 to refusals.'),
    caFile,
  })
  .superRefine((_value, ctx) => {
    const g = ctx.value;
    if (g.method === 'GET' && g.body) {
      ctx.issues.push({ code: 'custom', message: 'a GET request has no body: put placeholders in the URL', path: ['body'], input: g.body });
    }
    const unknown = [...unknownPlaceholders(g.url), ...unknownPlaceholders(g.body?.template)];
    if (unknown.length > 0) {
      ctx.issues.push({
        code: 'custom',
        message: `unknown placeholder(s) ${unknown.map((n) => `{${n}}`).join(', ')}; known: ${gatewayPlaceholders.map((n) => `{${n}}`).join(' ')}`,
        path: ['body'],
        input: g,
      });
    }
    if (g.successPattern !== undefined) {
      try {
        new RegExp(g.successPattern);
      } catch {
        ctx.issues.push({ code: 'custom', message: 'successPattern is not a valid regular expression', path: ['successPattern'], input: g.successPattern });
      }
    }
  }, whenReadKeysValid(['method'], ['body'], ['url'], ['successPattern']))
  .describe('Generic HTTP SMS gateway (local operator or aggregator).');

export const deliverySection = z
  .strictObject({
    outbox: z
      .strictObject({
        path: z.string().optional().describe('JSON-lines file that receives every message (default: outbox.jsonl in the data folder).'),
      })
      .prefault({})
      .describe('The outbox channel: the demo default for SMS, voice and email.'),
    sms: z
      .discriminatedUnion('type', [outbox, none, twilioSms, httpGateway])
      .optional()
      .describe('SMS provider: outbox (default), twilio, http or none.'),
    voice: z
      .discriminatedUnion('type', [outbox, none, twilioVoice])
      .optional()
      .describe('Voice call provider: outbox (default), twilio or none (calls are then not offered).'),
    email: z.discriminatedUnion('type', [outbox, none, smtp]).optional().describe('Email provider: outbox (default), smtp or none.'),
    timeoutMs: z.number().int().min(500).max(60000).default(10000).describe('How long one send may take before it counts as failed.'),
  })
  .prefault({})
  .describe('How codes and notices reach people.');

export type DeliverySection = z.output<typeof deliverySection>;
export type TwilioSmsConfig = z.output<typeof twilioSms>;
export type TwilioVoiceConfig = z.output<typeof twilioVoice>;
export type SmtpConfig = z.output<typeof smtp>;
export type HttpGatewayConfig = z.output<typeof httpGateway>;
