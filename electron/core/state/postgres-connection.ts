import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parse } from 'pg-connection-string';
import type { PoolConfig } from 'pg';

export type PostgresSettings = {
  /** The resolved `state.postgres.connectionString` secret: a postgres:// URL. */
  connectionString: string;
  caFile?: string;
  schema: string;
};

/** A small pool: a kiosk serves one visitor at a time, and a fleet of them must not exhaust the server's connections. */
const poolSize = 4;

/** A visitor waits for the database at most this long before the unavailable screen. */
const timeouts = { connectMs: 2000, queryMs: 3000 };

/** 127.0.0.0/8, ::1, localhost, or a Unix socket folder: traffic that never leaves the machine. */
function isLoopbackHost(host: string): boolean {
  if (host.startsWith('/')) return true;
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare.toLowerCase() === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}

/**
 * The pool settings for a connection string. TLS, with the server's certificate checked against `caFile` (or the
 * system's CAs) and its name, is required unless the host is a loopback address: a password and every
 * throttle decision cross that link. The URL's own sslmode cannot weaken this.
 */
export function poolConfig(settings: PostgresSettings): PoolConfig {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(settings.connectionString);
  } catch {
    throw new Error('state.postgres.connectionString is not a postgres:// URL');
  }
  const host = parsed.host ?? 'localhost';
  const loopback = isLoopbackHost(host);
  const sslmode = (parsed as { sslmode?: string }).sslmode;
  if (!loopback && sslmode === 'disable') throw new Error(`state.postgres: TLS is required to reach ${host} (sslmode=disable refused)`);
  const wantsTls = settings.caFile !== undefined || !loopback || (sslmode !== undefined && sslmode !== 'disable');
  return {
    host,
    port: parsed.port ? Number(parsed.port) : 5432,
    user: parsed.user ?? undefined,
    password: parsed.password ?? undefined,
    database: parsed.database ?? undefined,
    ssl: wantsTls ? { rejectUnauthorized: true, ...(settings.caFile ? { ca: readFileSync(settings.caFile, 'utf8') } : {}) } : false,
    max: poolSize,
    connectionTimeoutMillis: timeouts.connectMs,
    idleTimeoutMillis: 10_000,
    query_timeout: timeouts.queryMs,
    statement_timeout: timeouts.queryMs,
    application_name: 'guichet',
    keepAlive: true,
  };
}

/** host:port/database, without user or password, for logs and `state check`. */
export function describeTarget(config: PoolConfig): string {
  return `${config.host}:${config.port}/${config.database ?? ''}`;
}
