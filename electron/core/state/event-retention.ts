import type { Config } from '../config/schema';
import { dayMs } from './fleet';

/**
 * How long an event row can still matter: the longest window of `security.throttles`, the resend wait, and a day
 * (the hourly device ceilings and the attendant's PIN failures, forgotten after 24 h). Older rows count for nothing.
 */
export function eventRetentionMs(config: Config): number {
  const windows: number[] = [];
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    for (const [k, v] of Object.entries(value)) {
      if (k === 'windowMinutes' && typeof v === 'number') windows.push(v * 60_000);
      else walk(v);
    }
  };
  walk(config.security.throttles);
  return Math.max(dayMs, config.security.code.resendSeconds * 1000, ...windows);
}
