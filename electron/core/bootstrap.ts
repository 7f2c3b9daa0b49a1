import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock, realSleeper, type Clock, type Sleeper } from './clock';
import { AttendantGate } from './attendant/attendant-gate';
import { DeviceLedger } from './attendant/device-ledger';
import { resolveAuditKey } from './audit/audit-key';
import { AuditLog, type AuditEvent } from './audit/audit-log';
import { SyslogForwarder } from './audit/syslog/syslog-forwarder';
import type { IdentityBackend } from './backends/identity-backend';
import type { BrokerDeps } from './broker/broker-deps';
import { formatProblems, loadConfig } from './config/load-config';
import type { Config } from './config/schema';
import { MissingSecretError, resolveConfigSecrets } from './config/secrets';
import { createDelivery } from './delivery/create-delivery';
import { DeliveryStatus } from './delivery/delivery-status';
import { OutboxChannel } from './delivery/outbox-channel';
import { GuichetCore, type Timers } from './guichet-core';
import { OutOfServiceCore } from './out-of-service-core';
import { salvageOrganization } from './config/salvage-organization';
import { privateDir, privateFile } from './private-files';
import type { Core } from './transport';
import { CaptchaService } from './verify/captcha/captcha-service';
import { CodeService } from './verify/codes';
import { decoyKey } from './verify/decoy-key';
import { installKey } from './verify/install-secret';
import { auditCountKey, auditHeadKey } from './audit/audit-log';
import { Heartbeat, type DeviceBeat } from './state/fleet';
import { openState } from './state/open-state';
import type { StateStore } from './verify/state-store';
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

async function startConfigured(config: Config, opts: StartOptions): Promise<Started> {
  const clock = opts.clock ?? systemClock;
  const paths = dataPaths(config, opts.dataDir);
  const secrets = await resolveConfigSecrets(config, { env: opts.env });
  privateDir(opts.dataDir);
  privateFile(paths.state, true);
  privateFile(paths.audit, true);
  privateFile(paths.outbox, false);
  if (config.backend.type === 'embedded') privateFile(paths.database, true);
  const { store, local, fleet } = await openState(config, secrets, paths.state);
  const kioskId = config.kiosk.id ?? os.hostname();
  const auditKey = await resolveAuditKey(config, { env: opts.env, create: true });
  // The forwarder must see the first header, and its spool-full fault is itself an audit line: it reaches the log late.
  const late: { audit?: AuditLog } = {};
  const forwarder = config.audit.syslog && syslogForwarder(config.audit.syslog, paths, (e) => late.audit?.append(e), opts.log);
  const audit = new AuditLog({ path: paths.audit, store: local, kioskId, clock, key: auditKey, keepDays: config.audit.keepDays, sinks: forwarder ? [forwarder] : [] });
  late.audit = audit;
  const backend = await openBackend(config, secrets, paths, store, clock, opts.sleeper ?? realSleeper);
  const outbox = new OutboxChannel(paths.outbox, clock, opts.onOutbox);
  const deliveryStatus = new DeliveryStatus(clock);
  const delivery = createDelivery(config, secrets, { outbox, status: deliveryStatus });
  const ledger = new DeviceLedger(audit, local, clock);
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
  const startedAt = clock.now();
  const instance = randomUUID();
  const beat = (): DeviceBeat => {
    const head = local.getValue(auditHeadKey);
    return {
      kioskId, instance, host: os.hostname(), version: opts.version, startedAt, lastSeen: clock.now(),
      dayStart: ledger.dayStart(), counts: ledger.today(), faults: ledger.lastErrors(),
      ...(head ? { audit: { seq: Number(local.getValue(auditCountKey)), head } } : {}),
    };
  };
  const heartbeat = fleet ? new Heartbeat(fleet, beat, opts.log) : undefined;
  heartbeat?.start();
  const shutdown = async () => {
    heartbeat?.stop();
    await backend.close();
    audit.close();
    forwarder?.close();
    await store.close();
    local.close();
  };
  const device = {
    version: opts.version, kioskId, backendType: config.backend.type, backend, delivery: deliveryStatus, ledger, clock,
    ...(heartbeat ? { fleet: () => heartbeat.report() } : {}),
  };
  return { core: new GuichetCore(deps, device, { onShutdown: shutdown, timers: opts.timers }), config, paths };
}

function syslogForwarder(syslog: NonNullable<Config['audit']['syslog']>, paths: DataPaths, append: (e: AuditEvent) => void, log: (line: string) => void): SyslogForwarder {
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

async function openBackend(config: Config, secrets: Map<string, string>, paths: DataPaths, store: StateStore, clock: Clock, sleeper: Sleeper): Promise<IdentityBackend> {
  const { backend } = config;
  switch (backend.type) {
    case 'embedded': {
      const { EmbeddedBackend } = await import('./backends/embedded/embedded-backend');
      return EmbeddedBackend.open({
        database: paths.database,
        seedFile: backend.embedded.seed,
        defaultCountry: config.phone.defaultCountry,
        clock,
        lockout: { failures: config.security.throttles.signInFailures, key: await installKey(store, 'lockout') },
      });
    }
    case 'ldap': {
      const { createLdapBackend } = await import('./backends/ldap/ldap-backend');
      return createLdapBackend(config, secrets, clock);
    }
    case 'graph': {
      const { createGraphBackend } = await import('./backends/graph/graph-backend');
      return createGraphBackend(config, secrets, clock, sleeper);
    }
  }
}
