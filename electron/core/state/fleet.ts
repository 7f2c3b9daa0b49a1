import type { Fault } from '../attendant/device-ledger';

export type DayCounts = { enrollments: number; resets: number };

/** What one running device says of itself every heartbeat: never a visitor's data. */
export type DeviceBeat = {
  kioskId: string;
  /** Random per start: two live rows with one kiosk id are two devices, not one restarted. */
  instance: string;
  host: string;
  version: string;
  startedAt: number;
  lastSeen: number;
  /** Start of the device's own day, which `counts` cover. */
  dayStart: number;
  counts: DayCounts;
  faults: Fault[];
  audit?: { seq: number; head: string };
};

export type DeviceRow = Omit<DeviceBeat, 'audit'> & { auditSeq: number | null };

export type FleetDevice = DeviceRow & { live: boolean; duplicateId: boolean; today: DayCounts };

export type FleetReport = { now: number; devices: FleetDevice[]; totals: DayCounts; duplicates: string[] };

/** How often a device writes its row; a row older than `liveMs` belongs to a device that stopped or lost the database. */
const heartbeatMs = 30_000;
const liveMs = 3 * heartbeatMs;
export const dayMs = 24 * 60 * 60_000;

/**
 * One line per kiosk id (its newest row), seen in the last day. Two rows of one id both live are two devices
 * sharing an id: their counts and per-device limits mix, so the id is flagged.
 */
export function fleetReport(rows: readonly DeviceRow[], now: number): FleetReport {
  const byId = new Map<string, DeviceRow[]>();
  for (const row of rows) if (row.lastSeen >= now - dayMs) (byId.get(row.kioskId) ?? byId.set(row.kioskId, []).get(row.kioskId)!).push(row);
  const duplicates: string[] = [];
  const devices: FleetDevice[] = [];
  for (const [id, group] of [...byId].sort(([a], [b]) => a.localeCompare(b))) {
    const newest = group.reduce((a, b) => (b.lastSeen > a.lastSeen ? b : a));
    const liveRows = group.filter((r) => r.lastSeen >= now - liveMs);
    const duplicateId = liveRows.length > 1;
    if (duplicateId) duplicates.push(id);
    // Counts of a device whose day has ended (no beat since its midnight) are yesterday's.
    const today = newest.dayStart > now - dayMs ? newest.counts : { enrollments: 0, resets: 0 };
    devices.push({ ...newest, live: liveRows.length > 0, duplicateId, today });
  }
  const totals = devices.reduce((t, d) => ({ enrollments: t.enrollments + d.today.enrollments, resets: t.resets + d.today.resets }), { enrollments: 0, resets: 0 });
  return { now, devices, totals, duplicates };
}

/** `guichet fleet status` as text: one device a line, then the totals and any duplicate id. */
export function formatFleetReport(report: FleetReport): string[] {
  const lines = report.devices.map((d) => {
    const seen = `${Math.round((report.now - d.lastSeen) / 1000)} s ago`;
    const faults = d.faults.length === 0 ? 'no faults' : `last fault ${d.faults[0]!.event} ${new Date(d.faults[0]!.at).toISOString()}`;
    const flags = [d.live ? 'live' : 'not seen lately', ...(d.duplicateId ? ['DUPLICATE KIOSK ID'] : [])].join(', ');
    return `${d.kioskId}  ${d.version}  ${d.host}  seen ${seen} (${flags})  today: ${d.today.enrollments} enrollments, ${d.today.resets} resets  ${faults}`;
  });
  if (lines.length === 0) lines.push('no device seen in the last day');
  lines.push(`fleet today: ${report.totals.enrollments} enrollments, ${report.totals.resets} resets, ${report.devices.length} devices`);
  for (const id of report.duplicates) lines.push(`error: kiosk id "${id}" is used by more than one live device; give each device its own kiosk.id`);
  return lines;
}

export type FleetSource = {
  heartbeat(beat: DeviceBeat): Promise<void>;
  devices(since: number): Promise<DeviceRow[]>;
};

/**
 * Writes this device's row every `heartbeatMs` and keeps the fleet's latest report for the attendant menu. A
 * database that does not answer costs only a log line: the next beat tries again.
 */
export class Heartbeat {
  #timer: NodeJS.Timeout | undefined;
  #report: FleetReport | undefined;
  #last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: FleetSource,
    private readonly beat: () => DeviceBeat,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    void this.tick();
    this.#timer = setInterval(() => void this.tick(), heartbeatMs);
    this.#timer.unref();
  }

  /**
   * Writes the row and reads the fleet once; resolves with the fresh report, or undefined if the database failed.
   * One at a time: a slow beat must not land after a newer one and set the row back.
   */
  tick(): Promise<FleetReport | undefined> {
    const next = this.#last.then(() => this.#beatOnce());
    this.#last = next;
    return next;
  }

  async #beatOnce(): Promise<FleetReport | undefined> {
    try {
      const beat = this.beat();
      await this.source.heartbeat(beat);
      this.#report = fleetReport(await this.source.devices(beat.lastSeen - dayMs), beat.lastSeen);
      return this.#report;
    } catch (err) {
      this.log(`fleet heartbeat failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  /** The last report read; refreshed now when the attendant asks. */
  async report(): Promise<FleetReport | undefined> {
    return (await this.tick()) ?? this.#report;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
