import fs from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type ConfigInput } from '../../../electron/core/config/schema';
import { DeliveryError, type DeliveryChannel, type Message } from '../../../electron/core/delivery/channel';
import { createDelivery } from '../../../electron/core/delivery/create-delivery';
import { codeMessage, noticeMessage } from '../../../electron/core/delivery/messages';
import { createSmtpChannel, type SmtpOptions } from '../../../electron/core/delivery/smtp-channel';
import { localCertificate, type LocalCertificate } from '../../support/local-certificate';
import { readMail } from '../../support/read-mail';

type Received = { from: string; to: string[]; raw: string; secure: boolean; user: string | undefined };

const user = 'guichet@univ-demo.test';
const password = 'smtp-pässword';

let cert: LocalCertificate;
let server: SMTPServer;
let port: number;
const received: Received[] = [];

async function startSmtp(options: SMTPServerOptions): Promise<{ server: SMTPServer; port: number }> {
  const s = new SMTPServer({ logger: false, ...options });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { server: s, port: (s.server.address() as AddressInfo).port };
}

const stopSmtp = (s: SMTPServer) => new Promise<void>((resolve) => s.close(() => resolve()));

/** A port where nothing listens: taken, then released. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const p = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return p;
}

const frCode = () =>
  codeMessage({ channel: 'email', to: 'n.alaoui@example.test', code: '482913', locale: 'fr', organization: 'Université Démo', ttlMinutes: 5 });

beforeAll(async () => {
  cert = await localCertificate();
  ({ server, port } = await startSmtp({
    // Plain port with STARTTLS offered; AUTH is refused before the upgrade (smtp-server's default).
    secure: false,
    key: cert.key,
    cert: cert.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          secure: session.secure,
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  }));
});

afterAll(async () => {
  await stopSmtp(server);
  fs.rmSync(cert.dir, { recursive: true, force: true });
});

const smtp = (overrides: Partial<SmtpOptions> = {}): DeliveryChannel =>
  createSmtpChannel({
    host: '127.0.0.1',
    port,
    secure: false,
    ca: cert.cert,
    user,
    password,
    from: 'guichet@univ-demo.test',
    fromName: 'Université Démo',
    timeoutMs: 5000,
    ...overrides,
  });

async function sendFails(channel: DeliveryChannel, message: Message = frCode()): Promise<DeliveryError> {
  const error = await channel.send(message).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('SMTP channel against a local SMTP server (STARTTLS + AUTH)', () => {
  it('delivers the French code email configured through createDelivery: recipient, language, subject without code, HTML alternative', async () => {
    const config = configSchema.parse({
      organization: { name: 'Université Démo' },
      delivery: {
        email: {
          type: 'smtp',
          host: '127.0.0.1',
          port,
          caFile: cert.caFile,
          user,
          password: 'secret:SMTP_PASSWORD',
          from: 'guichet@univ-demo.test',
        },
      },
    } satisfies ConfigInput);
    const outbox: DeliveryChannel = { name: 'outbox', send: async () => expect.unreachable('the outbox must not be used for email') };
    const delivery = createDelivery(config, new Map([['SMTP_PASSWORD', password]]), { outbox });
    const before = received.length;

    await delivery.email!.send(frCode());

    expect(received).toHaveLength(before + 1);
    const mail = received.at(-1)!;
    expect(mail.secure).toBe(true);
    expect(mail.user).toBe(user);
    expect(mail.from).toBe('guichet@univ-demo.test');
    expect(mail.to).toEqual(['n.alaoui@example.test']);
    const parsed = readMail(mail.raw);
    expect(parsed.headers.to).toBe('n.alaoui@example.test');
    expect(parsed.headers.from).toBe('Université Démo <guichet@univ-demo.test>');
    expect(parsed.headers['content-language']).toBe('fr');
    expect(parsed.headers['auto-submitted']).toBe('auto-generated');
    expect(parsed.headers.subject).toBe('Université Démo : votre code de vérification');
    expect(parsed.headers.subject).not.toMatch(/\d{4,}/);
    expect(parsed.headers['content-type']).toMatch(/^multipart\/alternative/);
    const text = parsed.parts.find((p) => p.headers['content-type']?.startsWith('text/plain'));
    const html = parsed.parts.find((p) => p.headers['content-type']?.startsWith('text/html'));
    expect(text?.body).toContain('Votre code de vérification est : 482913');
    expect(text?.body).toContain('Il expire dans 5 minutes.');
    expect(html?.body).toContain('<html lang="fr" dir="ltr">');
    expect(html?.body).toContain('>482913</strong>');
    expect(html?.body).not.toMatch(/<img|src=|https?:\/\//i);
  });

  it('delivers an Arabic notice with a right-to-left HTML part', async () => {
    const before = received.length;
    await smtp().send(
      noticeMessage({
        kind: 'password-reset',
        to: 'n.alaoui@example.test',
        locale: 'ar',
        organization: 'Université Démo',
        account: 'n.alaoui',
        when: new Date('2025-03-04T10:15:00Z'),
        device: 'KIOSQUE-BU-1',
        helpdesk: '+212 5 22 00 00 00',
        timeZone: 'UTC',
      }),
    );
    expect(received).toHaveLength(before + 1);
    const parsed = readMail(received.at(-1)!.raw);
    expect(parsed.headers['content-language']).toBe('ar');
    expect(parsed.headers.subject).toBe('Université Démo: تغيير في حسابك');
    const html = parsed.parts.find((p) => p.headers['content-type']?.startsWith('text/html'));
    expect(html?.body).toContain('dir="rtl"');
    expect(html?.body).toContain('تمت إعادة تعيين كلمة مرور حسابك n.alaoui');
  });

  it('hands the server one envelope recipient, and refuses a recipient that is not one bare mailbox', async () => {
    const before = received.length;
    for (const to of ['victim@x.test, a1@x.test', 'victim@x.test;a2@x.test', 'a3 <victim@x.test>', '"a4" victim@x.test']) {
      const error = await sendFails(smtp(), { ...frCode(), to });
      expect(error.message).not.toContain('victim');
    }
    expect(received).toHaveLength(before);
    await smtp().send(frCode());
    expect(received.at(-1)!.to).toEqual(['n.alaoui@example.test']);
  });

  it('fails with a DeliveryError when the password is wrong, without quoting the message', async () => {
    const before = received.length;
    const error = await sendFails(smtp({ password: 'wrong' }));
    expect(error.channel).toBe('email');
    expect(error.message).toBe('smtp: EAUTH (535)');
    expect(received).toHaveLength(before);
  });

  it('fails with a DeliveryError when the server is down', async () => {
    const error = await sendFails(smtp({ port: await closedPort() }));
    expect(error.message).toMatch(/^smtp: (ECONNECTION|ESOCKET)/);
    expect(error.message).not.toContain('482913');
  });

  it('refuses to send in clear when the server does not offer STARTTLS', async () => {
    let delivered = 0;
    const plain = await startSmtp({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          delivered += 1;
          callback();
        });
      },
    });
    try {
      const error = await sendFails(smtp({ port: plain.port, user: undefined, password: undefined }));
      expect(error.message).toBe('smtp: ETLS (500)');
      expect(delivered).toBe(0);
    } finally {
      await stopSmtp(plain.server);
    }
  });

  it('does not trust a certificate outside the configured CA', async () => {
    const error = await sendFails(smtp({ ca: undefined }));
    expect(error.message).toMatch(/^smtp: (ESOCKET|ETLS|ECONNECTION)/);
  });

  it('gives up after the timeout when the server never answers', async () => {
    const silent = net.createServer(() => {
      // Accepts the connection and never greets.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const error = await sendFails(smtp({ port: (silent.address() as AddressInfo).port, timeoutMs: 600 }));
      expect(error.message).toMatch(/^smtp: (ETIMEDOUT|no answer within 600 ms)/);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      silent.close();
    }
  });
});
