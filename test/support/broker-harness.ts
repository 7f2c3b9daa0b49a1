import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AttendantGate } from '../../electron/core/attendant/attendant-gate';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { EmbeddedBackend } from '../../electron/core/backends/embedded/embedded-backend';
import type { IdentityBackend } from '../../electron/core/backends/identity-backend';
import { Broker, type BrokerResult } from '../../electron/core/broker/broker';
import type { BrokerDeps } from '../../electron/core/broker/broker-deps';
import { flows } from '../../electron/core/broker/flows';
import type { Session } from '../../electron/core/broker/flow-state';
import { codeService } from '../../electron/core/bootstrap';
import { configSchema, type Config, type ConfigInput } from '../../electron/core/config/schema';
import type { DeliveryChannel, Message } from '../../electron/core/delivery/channel';
import { CaptchaService } from '../../electron/core/verify/captcha/captcha-service';
import { installKey } from '../../electron/core/verify/install-secret';
import { SqliteStateStore } from '../../electron/core/verify/sqlite-state-store';
import { SqliteEngine } from '../../electron/core/verify/sqlite-engine';
import type { StateStore } from '../../electron/core/verify/state-store';
import { Throttles } from '../../electron/core/verify/throttles';

/** A clock tests move by hand. */
/** The audit chain key of harness logs. */
export const harnessAuditKey = 'broker-harness-audit-key';

export class ManualClock {
  constructor(public t = Date.UTC(2026, 10, 26, 9, 0, 0)) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

/** Collects messages instead of sending them; `failing` simulates a gateway that is down. */
export class RecordingChannel implements DeliveryChannel {
  readonly messages: Message[] = [];
  failing = false;
  constructor(readonly name: string) {}
  async send(message: Message) {
    if (this.failing) {
      const { DeliveryError } = await import('../../electron/core/delivery/channel');
      throw new DeliveryError(message.channel, 'gateway down (test)');
    }
    this.messages.push(message);
  }
}

/** Counts every backend call, to prove known and unknown identifiers cost the same work. */
export function countingBackend(inner: IdentityBackend): IdentityBackend & { calls: string[] } {
  const calls: string[] = [];
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'calls') return calls;
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(prop));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as IdentityBackend & { calls: string[] };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

const defaults: ConfigInput = {
  recovery: { captcha: false },
  security: { responseFloorMs: 0 },
};

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && typeof out[k] === 'object' ? merge(out[k] as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/**
 * The real broker with the real embedded directory (cheap scrypt so tests stay quick), real codes, throttles,
 * state store and audit log; only time, sleeping and the delivery providers are stand-ins.
 */
export async function createHarness(
  overrides: ConfigInput = {},
  opts: {
    dir?: string;
    clock?: ManualClock;
    /** A fleet's store for limits and install secrets (the device's own SQLite file otherwise), and this device's id. */
    shared?: StateStore;
    kioskId?: string;
    /** Another directory (slapd, Samba AD, the Graph fake) instead of the embedded one. */
    backend?: IdentityBackend;
    /** A fleet's shared decoy key instead of one drawn for this install. */
    decoyKey?: Buffer;
  } = {},
) {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-broker-'));
  const config: Config = configSchema.parse(merge(defaults as Record<string, unknown>, overrides as Record<string, unknown>));
  const clock = opts.clock ?? new ManualClock();
  // `store` is the device's own file (audit head, counts); `shared` the limits' store, a fleet's database when given.
  const store = new SqliteStateStore(path.join(dir, 'state.sqlite'));
  const shared: StateStore = opts.shared ?? new SqliteEngine(store);
  const kioskId = opts.kioskId ?? 'kiosk-test';
  const sleeps: number[] = [];
  const embedded = await EmbeddedBackend.open({
    database: path.join(dir, 'directory.sqlite'),
    clock,
    scrypt: { ln: 10, r: 8, p: 1 },
    lockout: { failures: config.security.throttles.signInFailures, key: await installKey(shared, 'lockout') },
  });
  const backend = countingBackend(opts.backend ?? embedded);
  const sms = new RecordingChannel('sms-test');
  const voice = new RecordingChannel('voice-test');
  const email = new RecordingChannel('email-test');
  const logs: string[] = [];
  const audit = new AuditLog({ path: path.join(dir, 'audit.jsonl'), store, kioskId, clock, key: harnessAuditKey });
  const deps: BrokerDeps = {
    config,
    backend,
    delivery: { sms, voice, email },
    audit,
    codes: await codeService(config, shared, clock),
    throttles: new Throttles(shared, config.security.throttles, clock, config.security.code.resendSeconds),
    captcha: new CaptchaService({ clock }),
    attendant: new AttendantGate({ pinHash: config.kiosk.attendantPinHash, store: shared, kioskId, clock, audit }),
    clock,
    sleeper: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    decoyKey: opts.decoyKey ?? (await installKey(shared, 'decoy')),
    kioskId,
    log: (l) => logs.push(l),
  };
  const broker = new Broker(deps, flows);

  /** One visitor: a session bound to its "connection", and the last view it was shown. */
  const visitor = () => {
    let session: Session = broker.open();
    let view = broker.view(session);
    return {
      get session() {
        return session;
      },
      get view() {
        return view;
      },
      /** Sends a request with the current step token (unless the payload sets its own). */
      async act(name: string, payload: Record<string, unknown> = {}): Promise<BrokerResult> {
        const out = await broker.handle(session, name, { token: view.token, ...payload });
        session = out.session;
        if (out.result.view) view = out.result.view;
        return out.result;
      },
      async raw(name: string, payload: unknown): Promise<BrokerResult> {
        const out = await broker.handle(session, name, payload);
        session = out.session;
        if (out.result.view) view = out.result.view;
        return out.result;
      },
    };
  };

  const lastCodeTo = (to: string) => {
    const all = [...sms.messages, ...voice.messages, ...email.messages].filter((m) => m.to === to);
    const text = all[all.length - 1]?.text ?? '';
    const digits = /\d(?:[\s,.]*\d){5}/.exec(text)?.[0] ?? '';
    return digits.replace(/\D/g, '');
  };

  return { dir, config, clock, store, shared, deps, broker, backend, embedded, sms, voice, email, audit, logs, sleeps, visitor, lastCodeTo };
}
