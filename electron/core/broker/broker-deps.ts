import type { Clock, Sleeper } from '../clock';
import type { Config } from '../config/schema';
import type { IdentityBackend } from '../backends/identity-backend';
import type { Delivery } from '../delivery/channel';
import type { AuditLog } from '../audit/audit-log';
import type { CodeService } from '../verify/codes';
import type { Throttles } from '../verify/throttles';
import type { CaptchaService } from '../verify/captcha/captcha-service';
import type { AttendantGate } from '../attendant/attendant-gate';

/** Everything the flows need, injected so tests control time, randomness and I/O. */
export type BrokerDeps = {
  config: Config;
  backend: IdentityBackend;
  delivery: Delivery;
  audit: AuditLog;
  codes: CodeService;
  throttles: Throttles;
  captcha: CaptchaService;
  /** The attendant's PIN, which also lets a visitor who can neither read nor hear the CAPTCHA past it. */
  attendant: AttendantGate;
  clock: Clock;
  sleeper: Sleeper;
  /** Per-install key for decoys, so an unknown identifier shows the same hints every time. */
  decoyKey: Buffer;
  kioskId: string;
  /** IT's log: never codes, passwords or full destinations. */
  log: (line: string) => void;
};
