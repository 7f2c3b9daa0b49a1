import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock, realSleeper, type Clock, type Sleeper } from './clock';
import { AttendantGate } from './attendant/attendant-gate';
import { DeviceLedger } from './attendant/device-ledger';
import { AuditDatabaseCopy } from './audit/audit-database-copy';
import { resolveAuditKey } from './audit/audit-key';
import { AuditLog, type AuditEvent } from './audit/audit-log';
import { SyslogForwarder } from './audit/syslog/syslog-forwarder';
import type { IdentityBackend, OpenBackend } from './backends/identity-backend';
import type { BrokerDeps } from './broker/broker-deps';
import { formatProblems, loadConfig } from './config/load-config';
import type { Config } from './config/schema';
import { MissingSecretError, resolveConfigSecrets } from './config/secrets';
import { createDelivery } from './delivery/create-delivery';
import { DeliveryStatus } from './delivery/delivery-status';
import { OutboxChannel } from './delivery/outbox-channel';
import { GuichetCore, type Timers } from './guichet-core';
import { OutOfServiceCore } from './out-of-service-core';
import { ReconnectingCore } from './reconnecting-core';
import { salvageOrganization } from './config/salvage-organization';
import { privateDir, privateFile } from './private-files';
import type { Core } from './transport';
import { CaptchaService } from './verify/captcha/captcha-service';
import { CodeService } from './verify/codes';
import { decoyKey } from './verify/decoy-key';
import { installKey } from './verify/install-secret';
import { Heartbeat, type DeviceBeat } from './state/fleet';
import { eventRetentionMs } from './state/event-retention';
import { openState } from './state/open-state';
import { SqliteStateStore } from './verify/sqlite-state-store';
import { StateUnavailableError, type StateStore } from './verify/state-store';
import { Throttles } from './verify/throttles';

export type StartOptions = {
  argv: string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The app's data folder: default home of the state, audit, outbox and embedded directory files. */
  dataDir: string;
  /** Packaged app: the machine-wide config must not be writable by non-administrators. */
  installed: boolean;
  log: (line: string) => void;
  /** The app's version, for the attendant's status. */
  version: string;
  /** Folder of the audio CAPTCHA's clips (<locale>/<char>.wav); a packaged app keeps them in its resources. */
  captchaClipsDir?: string;
  clock?: Clock;
  sleeper?: Sleeper;
  timers?: Timers;
  /** Called with each outbox line (the browser host prints them). */
  onOutbox?: (line: string) => void;
};

export type Started = { core: Core; config: Config | null; paths?: DataPaths };

export type DataPaths = { state: string; audit: string; auditSpool: string; outbox: string; database: string };

export function dataPaths(config: Config, dataDir: string): DataPaths {
  return {
    state: config.state.path ?? path.join(dataDir, 'state.sqlite'),
    audit: config.audit.path ?? path.join(dataDir, 'audit.jsonl'),
    auditSpool: path.join(dataDir, 'audit-syslog.spool'),
    outbox: config.delivery.outbox.path ?? path.join(dataDir, 'outbox.jsonl'),
    database: config.backend.embedded.database ?? path.join(dataDir, 'directory.sqlite'),
  };
}

/**
 * Starts the main-side core from configuration. Anything wrong with the configuration, its secrets or the
 * data files yields a core that answers every request with the out-of-service screen: never a half-configured app.
 */
export async function startCore(opts: StartOptions): Promise<Started> {
  const loaded = loadConfig(opts);
  if (!loaded.ok) {
    for (const line of formatProblems(loaded)) opts.log(line);
    return { core: new OutOfServiceCore(salvageOrganization(loaded.raw)), config: null };
  }
  const config = loaded.config;
  opts.log(`config: ${loaded.source.file ?? 'built-in demo config'}`);
  try {
    return await startConfigured(config, opts);
  } catch (err) {
    if (err instanceof MissingSecretError) opts.log(`config invalid: ${err.message}`);
    else opts.log(`out of service: ${err instanceof Error ? err.message : String(err)}`);
    return { core: new OutOfServiceCore(salvageOrganization(loaded.raw), config), config: null };
  }
}

/** What a device opens for itself before it reaches any shared database: it works while that database is down. */
type DeviceFiles = {
  clock: Clock;
  paths: DataPaths;
  secrets: Map<string, string>;
  local: SqliteStateStore;
  kioskId: string;
  audit: AuditLog;
  forwarder?: SyslogForwarder;
  close(): void;
};

async function startConfigured(config: Config, opts: StartOptions): Promise<Started> {
  const files = await openDeviceFiles(config, opts);
  try {
    return { core: await startShared(config, opts, files), config, paths: files.paths };
  } catch (err) {
    if (!(err instanceof StateUnavailableError)) {
      files.close();
      throw err;
    }
    // Fail closed without a restart: the unavailable screen until the database answers, then the real core.
    opts.log(`${err.message}: unavailable until it answers`);
    files.audit.append({ event: 'state.unavailable', outcome: 'fail', detail: { request: 'start' } });
    const core = new ReconnectingCore({
      config,
      clock: files.clock,
      log: opts.log,
      attempt: () => startShared(config, opts, files),
      onShutdown: async () => files.close(),
    });
    return { core, config, paths: files.paths };
  }
}

async function openDeviceFiles(config: Config, opts: StartOptions): Promise<DeviceFiles> {
  const clock = opts.clock ?? systemClock;
  const paths = dataPaths(config, opts.dataDir);
  const secrets = await resolveConfigSecrets(config, { env: opts.env });
  privateDir(opts.dataDir);
  privateFile(paths.state, true);
  privateFile(paths.audit, true);
  privateFile(paths.outbox, false);
  if (config.backend.type === 'embedded') privateFile(paths.database, true);
  const local = new SqliteStateStore(paths.state);
  try {
    const kioskId = config.kiosk.id ?? os.hostname();
    const auditKey = await resolveAuditKey(config, { env: opts.env, create: true });
    // The forwarder must see the first header, and its spool-full fault is itself an audit line: it reaches the log late.
    const late: { audit?: AuditLog } = {};
    const forwarder = config.audit.syslog && syslogForwarder(config.audit.syslog, paths, (e) => late.audit?.append(e), opts.log);
    const audit = new AuditLog({ path: paths.audit, store: local, kioskId, clock, key: auditKey, keepDays: config.audit.keepDays, sinks: forwarder ? [forwarder] : [] });
    late.audit = audit;
    const close = () => {
      audit.close();
      forwarder?.close();
      local.close();
    };
    return { clock, paths, secrets, local, kioskId, audit, ...(forwarder ? { forwarder } : {}), close };
  } catch (err) {
    local.close();
    throw err;
  }
}

/** Everything that needs the state store (the fleet's database with `state.type: "postgres"`), then the core. */
async function startShared(config: Config, opts: StartOptions, files: DeviceFiles): Promise<Core> {
  const { clock, paths, secrets, local, kioskId, audit } = files;
  const { store, fleet } = await openState(config, secrets, local);
  let backend: IdentityBackend | undefined;
  try {
    backend = await openBackend(config, secrets, paths, store, clock, opts.sleeper ?? realSleeper);
    const outbox = new OutboxChannel(paths.outbox, clock, opts.onOutbox);
    const deliveryStatus = new DeliveryStatus(clock);
    const delivery = createDelivery(config, secrets, { outbox, status: deliveryStatus });
    const deps: BrokerDeps = {
      config,
      backend,
      delivery,
      audit,
      codes: await codeService(config, store, clock),
      throttles: new Throttles(store, config.security.throttles, clock, config.security.code.resendSeconds),
      captcha: new CaptchaService({ clock, clipsDir: opts.captchaClipsDir }),
      attendant: new AttendantGate({ pinHash: config.kiosk.attendantPinHash, store, kioskId, clock, audit }),
      clock,
      sleeper: opts.sleeper ?? realSleeper,
      decoyKey: await decoyKey(config, secrets, store),
      kioskId,
      log: opts.log,
    };
    const ledger = new DeviceLedger(audit, local, clock);
    // The fleet's copy of the trail, behind the local file; heartbeats say how far it reached.
    const copy = fleet && new AuditDatabaseCopy({ target: fleet, kioskId, auditPath: paths.audit, local, log: opts.log });
    const removeCopy = copy && audit.addSink(copy);
    const startedAt = clock.now();
    const instance = randomUUID();
    const beat = (): DeviceBeat => {
      const copied = copy?.copied();
      return {
        kioskId, instance, host: os.hostname(), version: opts.version, startedAt, lastSeen: clock.now(),
        dayStart: ledger.dayStart(), counts: ledger.today(), faults: ledger.lastErrors(),
        ...(copied ? { audit: { seq: copied.seq, head: copied.mac } } : {}),
      };
    };
    // Each beat also deletes event rows older than any window: the table stays as small as the limits need.
    const retention = eventRetentionMs(config);
    const source = fleet && {
      heartbeat: async (b: DeviceBeat) => {
        await fleet.heartbeat(b);
        await fleet.pruneEvents(b.lastSeen - retention);
      },
      devices: (since: number) => fleet.devices(since),
    };
    const heartbeat = source ? new Heartbeat(source, beat, opts.log) : undefined;
    heartbeat?.start();
    const open = backend;
    const shutdown = async () => {
      heartbeat?.stop();
      await open.close();
      // Lines written from here on are copied at the next start, from the file.
      removeCopy?.();
      copy?.close();
      await copy?.settled();
      // The fleet sees where this device's copy ended.
      await heartbeat?.tick();
      files.close();
      await store.close();
    };
    const device = {
      version: opts.version, kioskId, backendType: config.backend.type, backend, delivery: deliveryStatus, ledger, clock,
      ...(heartbeat ? { fleet: () => heartbeat.report() } : {}),
    };
    return new GuichetCore(deps, device, { onShutdown: shutdown, timers: opts.timers });
  } catch (err) {
    await backend?.close();
    await store.close();
    throw err;
  }
}

export function syslogForwarder(syslog: NonNullable<Config['audit']['syslog']>, paths: DataPaths, append: (e: AuditEvent) => void, log: (line: string) => void): SyslogForwarder {
  const read = (file: string | undefined) => (file === undefined ? undefined : readFileSync(file, 'utf8'));
  return new SyslogForwarder({
    target: { host: syslog.host, port: syslog.port, ca: read(syslog.caFile)!, cert: read(syslog.certFile), key: read(syslog.keyFile) },
    spoolPath: paths.auditSpool,
    spoolBytes: syslog.spoolMegabytes * 1024 * 1024,
    // After the line being forwarded has reached every sink, so the attendant's ledger sees lines in order.
    onFull: () => setImmediate(() => append({ event: 'audit.forward.full', outcome: 'fail', detail: { spoolMegabytes: syslog.spoolMegabytes } })),
    log,
  });
}

/** Codes keyed by this install's (or fleet's) own secret, with the lifetimes and attempts of `security.code`. */
export async function codeService(config: Config, store: StateStore, clock: Clock): Promise<CodeService> {
  return new CodeService({
    key: await installKey(store, 'codes'),
    length: config.security.code.length,
    ttlMs: config.security.code.ttlSeconds * 1000,
    maxAttempts: config.security.code.maxAttempts,
    clock,
  });
}

/** Each directory's module loads only when the config names it (ldapts, MSAL and SQLite stay out of the others). */
const backendModules: Record<Config['backend']['type'], () => Promise<OpenBackend>> = {
  embedded: async () => (await import('./backends/embedded/embedded-backend')).openEmbeddedBackend,
  ldap: async () => (await import('./backends/ldap/ldap-backend')).openLdapBackend,
  graph: async () => (await import('./backends/graph/graph-backend')).openGraphBackend,
};

async function openBackend(config: Config, secrets: Map<string, string>, paths: DataPaths, store: StateStore, clock: Clock, sleeper: Sleeper): Promise<IdentityBackend> {
  const open = await backendModules[config.backend.type]();
  return open(config, { secrets, clock, sleeper, database: paths.database, lockoutKey: () => installKey(store, 'lockout') });
}
