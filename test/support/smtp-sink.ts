import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { localCertificate } from './local-certificate';
import { readMail, type ReadMail } from './read-mail';
import { codeIn } from './browser-host-process';

/** One message as the server received it: envelope, whether it came over TLS and by whom, and its parsed MIME. */
export type SinkMail = {
  from: string;
  to: string[];
  secure: boolean;
  user: string | undefined;
  mail: ReadMail;
  /** The text/plain part. */
  text: string;
};

/**
 * A real SMTP server on loopback as a submission server is set up: STARTTLS offered with a certificate for
 * 127.0.0.1 (its own CA file), AUTH PLAIN/LOGIN required, and AUTH refused before the TLS upgrade. A client that
 * skips STARTTLS or authentication delivers nothing, so every message kept here came over TLS from the configured user.
 */
export type SmtpSink = {
  port: number;
  caFile: string;
  user: string;
  password: string;
  received: SinkMail[];
  /** The code in the newest message to `to`. */
  lastCode(to: string): string;
  /** `delivery.email` pointing at this server, its password read from `secretRef`. */
  emailConfig(secretRef?: string): Record<string, unknown>;
  stop(): Promise<void>;
};

export async function startSmtpSink(credentials = { user: 'guichet@univ-demo.ma', password: 'smtp-pässword-1' }): Promise<SmtpSink> {
  const cert = await localCertificate();
  const received: SinkMail[] = [];
  const server = new SMTPServer({
    logger: false,
    secure: false,
    key: cert.key,
    cert: cert.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.password) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail = readMail(Buffer.concat(chunks).toString('utf8'));
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
          user: session.user as string | undefined,
          mail,
          text: mail.parts.find((p) => p.headers['content-type']?.startsWith('text/plain'))?.body ?? '',
        });
        // Accepted only once kept: the sender's send() resolves after this, so the message is readable by then.
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    caFile: cert.caFile,
    ...credentials,
    received,
    lastCode(to) {
      const last = received.filter((m) => m.to.includes(to)).at(-1);
      if (!last) throw new Error(`no email to ${to}`);
      return codeIn(last.text);
    },
    emailConfig: (secretRef = 'secret:SMTP_PASSWORD') => ({
      type: 'smtp',
      host: '127.0.0.1',
      port,
      secure: false,
      caFile: cert.caFile,
      user: credentials.user,
      password: secretRef,
      from: credentials.user,
    }),
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(cert.dir, { recursive: true, force: true });
    },
  };
}
