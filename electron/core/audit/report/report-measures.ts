import { faultEvents } from '../../attendant/device-ledger';
import type { ChainLine } from '../audit-chain';

/** What the report counts, in the order it shows them. */
export const reportMeasures = [
  'methodsRegistered',
  'passwordsReset',
  'signinFailures',
  'codesSent',
  'codesFailed',
  'throttleHits',
  'attendantActions',
  'faults',
] as const;
export type ReportMeasure = (typeof reportMeasures)[number];

/** A counted line: its measure and the kind that splits it (a method, a channel, a reason; '' when the measure has none). */
export type Counted = { measure: ReportMeasure; kind: string };

type Countable = Pick<ChainLine, 'event' | 'outcome' | 'detail'>;

const text = (value: string | number | boolean | undefined, fallback: string) => (value === undefined ? fallback : String(value));

/**
 * The measure a line counts toward, from the event names the core writes. A replaced phone or address counts as
 * registered, as in the attendant's daily count; a code the gateway could not deliver is a fault (`delivery.failed`),
 * while "codes failed" are codes entered wrong, expired or sent to another destination.
 */
export function measureOf(line: Countable): Counted | undefined {
  const d = line.detail;
  switch (line.event) {
    case 'method.added':
    case 'method.changed':
      return { measure: 'methodsRegistered', kind: text(d.method, '') };
    case 'password.reset.ok':
      return { measure: 'passwordsReset', kind: '' };
    case 'signin.fail':
      return { measure: 'signinFailures', kind: text(d.status ?? d.kind, 'credentials') };
    case 'code.sent':
      return { measure: 'codesSent', kind: text(d.channel, '') };
    case 'code.fail':
      return { measure: 'codesFailed', kind: text(d.why, '') };
    case 'throttle.hit':
      return { measure: 'throttleHits', kind: text(d.scope, '') };
    case 'attendant.ok':
      return { measure: 'attendantActions', kind: text(d.action ?? d.purpose, '') };
    case 'attendant.fail':
      return { measure: 'attendantActions', kind: 'wrong-pin' };
    default:
      return faultEvents.has(line.event as never) ? { measure: 'faults', kind: line.event } : undefined;
  }
}

/** How many events a line stands for: an aggregated line (`count`) stands for its repeats. */
export function eventsIn(line: Pick<ChainLine, 'count'>): number {
  return Number.isSafeInteger(line.count) && line.count! > 0 ? line.count! : 1;
}
