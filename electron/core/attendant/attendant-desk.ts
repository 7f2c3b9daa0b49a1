import { requestSchemas, type AttendantRequest, type AttendantResult } from '../../../shared/contract';
import type { AuditLog } from '../audit/audit-log';
import type { ConnectionHooks } from '../transport';
import type { AttendantGate } from './attendant-gate';
import { deviceStatus, type DeviceStatusSources } from './device-status';

export type AttendantDeskDeps = {
  gate: AttendantGate;
  device: DeviceStatusSources;
  audit: AuditLog;
  liveSessions: () => number;
  /** What the transport lets the attendant do to the app. */
  actions: ConnectionHooks['attendant'];
};

/**
 * The attendant's requests on one connection. The menu opens with the PIN and belongs to that window until it is
 * closed, an action is taken, or the visitor session is wiped: it never outlives the session it was opened in.
 */
export class AttendantDesk {
  private open = false;

  constructor(private readonly deps: AttendantDeskDeps) {}

  lock(): void {
    this.open = false;
  }

  async handle(name: AttendantRequest, payload: unknown, session: string): Promise<AttendantResult | { ok: true }> {
    const parsed = requestSchemas[name].safeParse(payload);
    if (!parsed.success) return { ok: false, error: { code: 'invalid-input', reason: 'malformed' } };
    const { gate, device, audit, liveSessions, actions } = this.deps;
    if (name === 'attendant.unlock') {
      const refused = await gate.check((parsed.data as { pin: string }).pin, 'menu', session);
      if (refused) return { ok: false, error: refused };
      this.open = true;
      return { ok: true, status: await deviceStatus(device, liveSessions()) };
    }
    if (name === 'attendant.close') {
      this.open = false;
      return { ok: true };
    }
    if (!this.open) return { ok: false, error: { code: 'out-of-order' } };
    if (name === 'attendant.status') return { ok: true, status: await deviceStatus(device, liveSessions()) };
    const action = name === 'attendant.quit' ? actions?.quit : actions?.reload;
    if (!action) return { ok: false, error: { code: 'unavailable' } };
    audit.append({ event: 'attendant.ok', session, outcome: 'ok', detail: { action: name.slice('attendant.'.length) } });
    this.open = false;
    action();
    return { ok: true };
  }
}
