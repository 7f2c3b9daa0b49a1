import { createHmac, timingSafeEqual } from 'node:crypto';

/** `prev` of the very first line of a device's chain. */
export const genesisMac = '0'.repeat(64);

/** Event of the line that starts every file: names the file before it, so one file verifies on its own. */
export const headerEvent = 'audit.file';
/** Event of the line that records rotated files deleted after `audit.keepDays`. */
export const prunedEvent = 'audit.pruned';

const macSuffix = /,"mac":"([0-9a-f]{64})"\}$/;
const hex64 = /^[0-9a-f]{64}$/;

/**
 * HMAC-SHA-256 of a line's text up to its `mac` field. That text holds `prev`, the MAC of the line before, so
 * each MAC covers the whole chain behind it; the raw text is what is keyed, so not even a space can change.
 */
export function chainMac(key: string, body: string): string {
  return createHmac('sha256', key).update(body, 'utf8').digest('hex');
}

/** A short, public name of a key: headers carry it so a verifier given another key says so instead of "edited". */
export function keyId(key: string): string {
  return chainMac(key, 'guichet audit key id').slice(0, 16);
}

/** Adds the `mac` field to a line (an object whose keys end with `seq` and `prev`). */
export function sealLine(key: string, fields: Record<string, unknown>): { text: string; mac: string } {
  const body = JSON.stringify(fields).slice(0, -1);
  const mac = chainMac(key, body);
  return { text: `${body},"mac":"${mac}"}`, mac };
}

export type ChainLine = {
  text: string;
  at: string;
  kiosk: string;
  event: string;
  outcome: string;
  session: string | null;
  account: string | null;
  detail: Record<string, string | number | boolean>;
  count?: number;
  seq: number;
  prev: string;
  mac: string;
};

/** Reads a line this module wrote, or nothing when it is not one (the MAC is not checked here). */
export function parseChainLine(text: string): ChainLine | undefined {
  if (!macSuffix.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (!Number.isSafeInteger(v.seq) || (v.seq as number) < 1) return undefined;
  if (typeof v.prev !== 'string' || !hex64.test(v.prev) || typeof v.mac !== 'string') return undefined;
  if (typeof v.at !== 'string' || typeof v.event !== 'string' || typeof v.outcome !== 'string' || typeof v.kiosk !== 'string') return undefined;
  if (typeof v.detail !== 'object' || v.detail === null) return undefined;
  return { ...(v as Omit<ChainLine, 'text'>), text };
}

/** Whether the line's MAC is the one `key` gives its text. */
export function macHolds(key: string, line: ChainLine): boolean {
  const body = line.text.slice(0, line.text.length - ',"mac":"'.length - 64 - '"}'.length);
  const expected = Buffer.from(chainMac(key, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(line.mac, 'hex'));
}
