import net from 'node:net';
import tls from 'node:tls';
import { Client, InvalidCredentialsError, type Control } from 'ldapts';
import type { Clock } from '../../clock';
import { BackendError } from '../identity-backend';
import { isServerAnswer } from './directory-errors';

export type ConnectorOptions = {
  urls: readonly string[];
  /** Upgrade ldap:// URLs with StartTLS; ldaps:// URLs are TLS from the first byte. */
  startTls: boolean;
  /** PEM of the CA that signed the directory certificate; the system CAs when absent. */
  ca?: string;
  connectTimeoutMs: number;
  timeoutMs: number;
  clock: Clock;
};

/** How long a server that did not answer is tried only after the others. */
const downForMs = 30_000;

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function lostConnection<T extends net.Socket>(socket: T): T {
  process.nextTick(() => socket.destroy(new Error('directory connection lost; a new one is opened on next use')));
  return socket;
}

const socketClosed = new WeakMap<Client, () => boolean>();

/**
 * Whether a client may still carry operations. ldapts keeps reporting a StartTLS client as connected after
 * the server closed it (it watches the plain socket it replaced), so the sockets are watched here.
 */
export function isUsable(client: Client): boolean {
  return client.isConnected && client.isBound && !socketClosed.get(client)?.();
}

/** Ends a client without waiting on a server that may not answer. */
export function discard(client: Client): void {
  client.unbind().catch(() => undefined);
}

/**
 * Opens ldapts clients that only ever talk TLS. ldapts silently reconnects a client whose socket closed,
 * without StartTLS and without binding again; each client here may open its transport once, so a
 * dropped connection fails the operation instead, and the caller opens a fresh, protected one.
 */
export class DirectoryConnector {
  private readonly downUntil = new Map<string, number>();

  constructor(private readonly opts: ConnectorOptions) {}

  /**
   * A TLS-protected client bound as `dn`. A refusal from a server (wrong password, no such entry…) is thrown
   * as ldapts reports it; a server that cannot be reached or does not answer in time is skipped for the
   * next one, and BackendError('unavailable') is thrown when none answers. `controls` go with the bind (the
   * password policy control, whose answer the caller reads from it).
   */
  async bind(dn: string, password: string, controls: Control[] = []): Promise<Client> {
    // An empty password makes a simple bind anonymous, and anonymous binds succeed (RFC 4513 5.1.2).
    if (!password) throw new InvalidCredentialsError('empty password refused');
    const failures: string[] = [];
    for (const url of this.order()) {
      try {
        const client = await this.bindOne(url, dn, password, controls);
        this.downUntil.delete(url);
        return client;
      } catch (err) {
        if (isServerAnswer(err)) throw err;
        this.downUntil.set(url, this.opts.clock.now() + downForMs);
        failures.push(`${url}: ${describe(err)}`);
      }
    }
    throw new BackendError('unavailable', `no directory server answered (${failures.join('; ')})`);
  }

  /** Servers that answered lately first, in configured order; the others after, as a last resort. */
  private order(): string[] {
    const now = this.opts.clock.now();
    const up = this.opts.urls.filter((u) => (this.downUntil.get(u) ?? 0) <= now);
    const down = this.opts.urls.filter((u) => (this.downUntil.get(u) ?? 0) > now);
    return [...up, ...down];
  }

  private async bindOne(url: string, dn: string, password: string, controls: Control[]): Promise<Client> {
    const parsed = new URL(url);
    const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    const secure = parsed.protocol === 'ldaps:';
    const tlsOptions: tls.ConnectionOptions = {
      ca: this.opts.ca,
      minVersion: 'TLSv1.2',
      // SNI takes host names only.
      servername: net.isIP(host) ? undefined : host,
    };

    let plainOpened = false;
    let secureOpened = false;
    let closed = false;
    const watch = <T extends net.Socket>(socket: T): T => socket.once('close', () => (closed = true));
    const createConnection = ((port: number, hostname: string) => {
      if (plainOpened) return lostConnection(new net.Socket());
      plainOpened = true;
      return watch(net.connect(port, hostname));
    }) as typeof net.connect;
    const createSecureConnection = ((...args: [number, string, tls.ConnectionOptions] | [tls.ConnectionOptions]) => {
      if (secureOpened) return lostConnection(new tls.TLSSocket(new net.Socket()));
      secureOpened = true;
      // ldaps: (port, host, options); StartTLS: (options) with the plain socket to upgrade.
      return watch(args.length === 1 ? tls.connect(args[0]) : tls.connect(args[0], args[1], args[2]));
    }) as typeof tls.connect;

    const client = new Client({
      url,
      timeout: this.opts.timeoutMs,
      connectTimeout: this.opts.connectTimeoutMs,
      // ldapts connects with TLS whenever tlsOptions are given, even for ldap://: StartTLS gets them later.
      tlsOptions: secure ? tlsOptions : undefined,
      createConnection,
      createSecureConnection,
    });

    socketClosed.set(client, () => closed);

    const ready = (async () => {
      if (!secure) {
        if (!this.opts.startTls) throw new Error('cleartext connection refused (set backend.ldap.startTls or use ldaps://)');
        await client.startTLS({ ...tlsOptions, host });
      }
      // ldapts connects ldaps:// clients on their first operation: this one.
      await client.bind(dn, password, controls);
      return client;
    })();

    // The TLS handshake after StartTLS has no timeout of its own in ldapts.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('connection setup timed out')), this.opts.connectTimeoutMs + this.opts.timeoutMs);
    });
    try {
      return await Promise.race([ready, deadline]);
    } catch (err) {
      discard(client);
      ready.catch(() => undefined);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}
