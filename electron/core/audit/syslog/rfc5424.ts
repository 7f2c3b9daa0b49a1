import type { AuditLine } from '../audit-log';

/** Facility 13, "log audit" (RFC 5424 §6.2.1). */
const facility = 13;
/**
 * SD-ID of Guichet's structured data. 32473 is the enterprise number RFC 5612 sets aside for examples: an
 * organization that has its own can map it in the SIEM; the name before `@` is what identifies Guichet.
 */
export const sdId = 'guichet@32473';
const bom = '\uFEFF';

const severity = (line: AuditLine): number => (line.outcome === 'ok' ? 6 : 5);

/** PRINTUSASCII without space, at most `max` characters; RFC 5424 fields that cannot be empty get "-". */
function printable(text: string, max: number, extra = /[^\x21-\x7e]/g): string {
  return text.replace(extra, '_').slice(0, max) || '-';
}

const sdName = (name: string) => printable(name, 32, /[^\x21-\x7e]|[=\]"]/g);
const sdValue = (value: string) => value.replace(/[\\"\]]/g, (c) => `\\${c}`);

/**
 * One audit line as an RFC 5424 message: app-name `guichet`, msgid the event, the event's fields as structured data
 * (kiosk and seq first, so a receiver drops the duplicates of at-least-once delivery), and the line itself, MAC and
 * all, as the message, so the SIEM's copy verifies like the file.
 */
export function formatRfc5424(line: AuditLine, text: string): string {
  const params: [string, string][] = [
    ['kiosk', line.kiosk],
    ['seq', String(line.seq)],
    ['outcome', line.outcome],
  ];
  if (line.session !== null) params.push(['session', line.session]);
  if (line.account !== null) params.push(['account', line.account]);
  if (line.count !== undefined) params.push(['count', String(line.count)]);
  const taken = new Set([...params.map(([k]) => k), 'mac']);
  for (const [key, value] of Object.entries(line.detail)) {
    const name = sdName(taken.has(key) ? `detail.${key}` : key);
    if (taken.has(name)) continue;
    taken.add(name);
    params.push([name, String(value)]);
  }
  params.push(['mac', line.mac]);
  const sd = `[${sdId} ${params.map(([k, v]) => `${k}="${sdValue(v)}"`).join(' ')}]`;
  const header = `<${facility * 8 + severity(line)}>1 ${line.at} ${printable(line.kiosk, 255)} guichet - ${printable(line.event, 32)}`;
  return `${header} ${sd} ${bom}${text}`;
}

/** RFC 5425 octet-counting: the message's length in bytes, a space, the message. */
export function octetFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
