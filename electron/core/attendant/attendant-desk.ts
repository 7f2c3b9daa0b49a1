import { refusedAs, requestSchemas, type AttendantRequest, type RequestOf, type ResultOf } from '../../../shared/contract';
import type { HandlerTable } from '../handlers';
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

  async handle<K extends AttendantRequest>(name: K, payload: unknown, session: string): Promise<ResultOf<K>> {
    const parsed = requestSchemas[name].safeParse(payload);
    if (!parsed.success) return refusedAs<K>({ ok: false, error: { code: 'invalid-input', reason: 'malformed' } });
    return deskHandlers[name]({ desk: this, deps: this.deps, session }, parsed.data as RequestOf<K>);
  }

  /** @internal the handlers' way to open and close the menu */
  setOpen(open: boolean): void {
    this.open = open;
  }

  get isOpen(): boolean {
    return this.open;
  }
}

type DeskCall = { desk: AttendantDesk; deps: AttendantDeskDeps; session: string };

/** The menu's actions on the app, once it is open; each closes it. */
async function act({ desk, deps, session }: DeskCall, name: 'attendant.quit' | 'attendant.reload'): Promise<ResultOf<typeof name>> {
  if (!desk.isOpen) return { ok: false, error: { code: 'out-of-order' } };
  const action = name === 'attendant.quit' ? deps.actions?.quit : deps.actions?.reload;
  if (!action) return { ok: false, error: { code: 'unavailable' } };
  deps.audit.append({ event: 'attendant.ok', session, outcome: 'ok', detail: { action: name.slice('attendant.'.length) } });
  desk.setOpen(false);
  action();
  return { ok: true };
}

const deskHandlers: HandlerTable<DeskCall, AttendantRequest> = {
  'attendant.unlock': async ({ desk, deps, session }, { pin }) => {
    const refused = await deps.gate.check(pin, 'menu', session);
    if (refused) return { ok: false, error: refused };
    desk.setOpen(true);
    return { ok: true, status: await deviceStatus(deps.device, deps.liveSessions()) };
  },
  'attendant.close': async ({ desk }) => {
    desk.setOpen(false);
    return { ok: true };
  },
  'attendant.status': async ({ desk, deps }) => {
    if (!desk.isOpen) return { ok: false, error: { code: 'out-of-order' } };
    return { ok: true, status: await deviceStatus(deps.device, deps.liveSessions()) };
  },
  'attendant.quit': (call) => act(call, 'attendant.quit'),
  'attendant.reload': (call) => act(call, 'attendant.reload'),
};
