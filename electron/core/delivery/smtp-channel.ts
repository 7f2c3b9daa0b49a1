import nodemailer from 'nodemailer';
import { DeliveryError, type DeliveryChannel, type Message } from './channel';

export type SmtpOptions = {
  host: string;
  port: number;
  /** true: TLS from the first byte (465); false: STARTTLS, required. */
  secure: boolean;
  /** PEM CA certificates that replace the system store for this server. */
  ca?: string;
  user?: string;
  password?: string;
  from: string;
  fromName: string;
  timeoutMs: number;
};

/** One bare mailbox: nodemailer reads a list, a display name or a comment in `to` and would deliver elsewhere. */
const bareMailbox = /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+$/u;

/** Email through an SMTP server. Never in clear: either implicit TLS or a STARTTLS upgrade the server must offer. */
export function createSmtpChannel(options: SmtpOptions): DeliveryChannel {
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    requireTLS: !options.secure,
    tls: { minVersion: 'TLSv1.2', ...(options.ca ? { ca: options.ca } : {}) },
    ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    // Messages are built here from text; nothing in them may make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });

  return {
    name: 'smtp',
    async send(message: Message) {
      if (message.subject === undefined) throw new DeliveryError(message.channel, 'smtp: message has no subject');
      if (!bareMailbox.test(message.to)) throw new DeliveryError(message.channel, 'smtp: the recipient is not one bare address');
      let timer: NodeJS.Timeout | undefined;
      // nodemailer bounds each step, not the whole exchange; the visitor waits for the whole exchange.
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DeliveryError(message.channel, `smtp: no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
      });
      try {
        await Promise.race([
          transport.sendMail({
            from: { name: options.fromName, address: options.from },
            to: message.to,
            // The envelope says who receives it, whatever the headers say.
            envelope: { from: options.from, to: [message.to] },
            subject: message.subject,
            text: message.text,
            ...(message.html !== undefined ? { html: message.html } : {}),
            headers: {
              'Content-Language': message.locale,
              // RFC 3834: out-of-office robots should not answer a code.
              'Auto-Submitted': 'auto-generated',
            },
          }),
          deadline,
        ]);
      } catch (err) {
        if (err instanceof DeliveryError) throw err;
        throw new DeliveryError(message.channel, `smtp: ${describe(err)}`);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Error code and SMTP reply code only: nodemailer's messages can quote the recipient address. */
function describe(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; name?: unknown };
  const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'error';
  return typeof e.responseCode === 'number' ? `${code} (${e.responseCode})` : code;
}
