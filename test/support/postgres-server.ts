import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { makeDirectoryTls } from './directory-ca';
import { freePort, stopSlapd, waitForPort } from './slapd-server';

/**
 * A real PostgreSQL 15 for tests: initdb into a temporary folder as an unprivileged user (initdb refuses root),
 * the server in the foreground on a free loopback port, an owner role that migrates and a kiosk role that may only
 * read and write rows, as docs/admin-guide.md sets them up. With `tls`, a CA made for the run and `ssl = on`.
 */
export type PostgresServer = {
  host: string;
  port: number;
  database: string;
  /** postgres:// URL of the owner role (creates and migrates the schema). */
  ownerUrl: string;
  /** postgres:// URL of the kiosk role (SELECT/INSERT/UPDATE/DELETE only). */
  kioskUrl: string;
  kioskRole: string;
  caFile?: string;
  /** Runs SQL as the superuser, over the server's Unix socket, in the guichet database unless told otherwise. */
  admin(sql: string, values?: unknown[], database?: string): Promise<pg.QueryResult>;
  start(): Promise<void>;
  /** Fast shutdown: clients are disconnected, the data stays for start(). */
  stop(): Promise<void>;
  close(): Promise<void>;
  log(): string;
};

const binDir = '/usr/lib/postgresql/15/bin';
const runAs = 'nobody';

function unprivileged(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', runAs]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', runAs]).toString().trim());
  return { uid, gid };
}

/** Runs a PostgreSQL binary as `nobody` when this process is root (CI), as the current user otherwise. */
function asServerUser(bin: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [bin, args];
  return ['setpriv', ['--reuid', runAs, '--regid', 'nogroup', '--clear-groups', '--', bin, ...args]];
}

const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started) child.kill('SIGKILL');
});

export async function startPostgres(opts: { tls?: boolean } = {}): Promise<PostgresServer> {
  if (!existsSync(path.join(binDir, 'initdb'))) {
    throw new Error(`PostgreSQL 15 not found in ${binDir}: install Debian's "postgresql" package (apt-get install postgresql)`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'guichet-pg-'));
  const data = path.join(dir, 'data');
  const root = process.getuid?.() === 0;
  const owner = root ? unprivileged() : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const port = await freePort();
  const passwords = { owner: 'Owner-Pass-1', kiosk: 'Kiosk-Pass-1' };

  const [initCmd, initArgs] = asServerUser(path.join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C']);
  execFileSync(initCmd, initArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  const settings = [`listen_addresses = '127.0.0.1'`, `port = ${port}`, `unix_socket_directories = '${dir}'`, 'fsync = off', 'max_connections = 60'];
  let caFile: string | undefined;
  if (opts.tls) {
    const tls = makeDirectoryTls(dir);
    if (owner) for (const f of [tls.certFile, tls.keyFile]) chownSync(f, owner.uid, owner.gid);
    chmodSync(tls.keyFile, 0o600);
    settings.push('ssl = on', `ssl_cert_file = '${tls.certFile}'`, `ssl_key_file = '${tls.keyFile}'`);
    // Over TCP only TLS is accepted: a client that does not ask for it is turned away.
    writeFileSync(path.join(data, 'pg_hba.conf'), 'local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n');
    caFile = tls.caFile;
  }
  writeFileSync(path.join(data, 'postgresql.auto.conf'), `${settings.join('\n')}\n`);
  if (owner) execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, data]);

  let logText = '';
  let child: ChildProcess | undefined;
  const log = () => logText.slice(-4000);
  const start = async () => {
    const [cmd, args] = asServerUser(path.join(binDir, 'postgres'), ['-D', data]);
    child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    started.add(child);
    const proc = child;
    proc.once('exit', () => started.delete(proc));
    proc.stdout?.on('data', (d: Buffer) => (logText += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (logText += d.toString()));
    await waitForPort(port, proc, log, 20_000);
    await waitReady();
  };
  const admin = async (sql: string, values?: unknown[], database = 'guichet') => {
    const client = new pg.Client({ host: dir, port, user: 'postgres', database });
    await client.connect();
    try {
      return await client.query(sql, values);
    } finally {
      await client.end();
    }
  };
  // The port opens a moment before the server accepts sessions.
  const waitReady = async () => {
    for (let i = 0; i < 100; i += 1) {
      try {
        await admin('SELECT 1', [], 'postgres');
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`postgres did not accept sessions:\n${log()}`);
  };
  const stop = () => stopSlapd(child, 'SIGINT');

  try {
    await start();
    await admin(`CREATE ROLE guichet_owner LOGIN PASSWORD '${passwords.owner}'`, [], 'postgres');
    await admin(`CREATE ROLE guichet_kiosk LOGIN PASSWORD '${passwords.kiosk}'`, [], 'postgres');
    await admin('CREATE DATABASE guichet OWNER guichet_owner', [], 'postgres');
    await admin('REVOKE ALL ON DATABASE guichet FROM PUBLIC', [], 'postgres');
    await admin('GRANT CONNECT ON DATABASE guichet TO guichet_kiosk', [], 'postgres');
  } catch (err) {
    await stopSlapd(child, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const url = (user: string, password: string) => `postgres://${user}:${password}@127.0.0.1:${port}/guichet`;
  return {
    host: '127.0.0.1',
    port,
    database: 'guichet',
    ownerUrl: url('guichet_owner', passwords.owner),
    kioskUrl: url('guichet_kiosk', passwords.kiosk),
    kioskRole: 'guichet_kiosk',
    ...(caFile ? { caFile } : {}),
    admin,
    start,
    stop,
    log,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
