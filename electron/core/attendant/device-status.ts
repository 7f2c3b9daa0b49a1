import type { AttendantStatus, ChannelStatus } from '../../../shared/attendant';
import type { Channel } from '../../../shared/steps';
import type { IdentityBackend } from '../backends/identity-backend';
import type { Clock } from '../clock';
import type { DeliveryStatus } from '../delivery/delivery-status';
import type { FleetReport } from '../state/fleet';
import type { DeviceLedger } from './device-ledger';

export type DeviceStatusSources = {
  version: string;
  kioskId: string;
  backendType: string;
  backend: Pick<IdentityBackend, 'ping'>;
  delivery: DeliveryStatus;
  ledger: DeviceLedger;
  /** With a shared state database: the fleet's latest report (undefined when it did not answer). */
  fleet?: () => Promise<FleetReport | undefined>;
  clock: Clock;
  /** A directory that does not answer must not hold the attendant's menu open. */
  pingTimeoutMs?: number;
};

const channelOrder: Channel[] = ['sms', 'voice', 'email'];

/** The attendant menu's status: the device's health and today's totals, never a visitor's data. */
export async function deviceStatus(s: DeviceStatusSources, liveSessions: number): Promise<AttendantStatus> {
  const snapshot = s.delivery.snapshot();
  const delivery: ChannelStatus[] = channelOrder.flatMap((channel) => {
    const health = snapshot[channel];
    return health ? [{ channel, ...health }] : [];
  });
  return {
    version: s.version,
    kioskId: s.kioskId,
    backend: { type: s.backendType, reachable: await reachable(s.backend, s.pingTimeoutMs ?? 3000) },
    delivery,
    lastErrors: s.ledger.lastErrors(),
    today: s.ledger.today(),
    ...(s.fleet ? { fleet: fleetSummary(await s.fleet()) } : {}),
    liveSessions,
    now: s.clock.now(),
  };
}

async function reachable(backend: Pick<IdentityBackend, 'ping'>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([backend.ping().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function fleetSummary(report: FleetReport | undefined): AttendantStatus['fleet'] {
  if (!report) return null;
  return { devices: report.devices.length, today: report.totals, duplicates: report.duplicates };
}
