import type { PostgresEngine } from '../state/postgres-engine';
import { verifyAuditSources, type AuditVerdict } from './audit-verify';

/** One device's chain in the fleet's audit table; `line` of a broken verdict is mapped to the row's seq. */
export type DeviceVerdict = { kioskId: string; verdict: AuditVerdict; seq?: number; lastSeq: number };

/**
 * Checks every device's chain in the fleet's `audit` table with the fleet's key, each against the newest line its
 * heartbeats said the table held: an edited, deleted or inserted row, or rows cut from the end, break it.
 */
export async function verifyDatabaseAudit(engine: PostgresEngine, key: string): Promise<DeviceVerdict[]> {
  const heads = await engine.auditHeads();
  const kiosks = [...new Set([...(await engine.auditKiosks()), ...heads.keys()])].sort();
  const results: DeviceVerdict[] = [];
  for (const kioskId of kiosks) {
    const rows = await engine.auditLines(kioskId);
    const head = heads.get(kioskId);
    const verdict = verifyAuditSources([{ file: `kiosk ${kioskId}`, lines: rows.map((r) => r.line) }], key, head && { hash: head.mac, count: head.seq });
    const seq = verdict.ok ? undefined : rows[verdict.line - 1]?.seq;
    results.push({ kioskId, verdict, lastSeq: rows.at(-1)?.seq ?? 0, ...(seq === undefined ? {} : { seq }) });
  }
  return results;
}
