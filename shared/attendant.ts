import type { Channel } from './steps';

/** One delivery channel as the attendant sees it; times are epoch milliseconds, `lastError` never quotes a message. */
export type ChannelStatus = {
  channel: Channel;
  provider: string;
  lastSuccessAt?: number;
  lastError?: { at: number; detail: string };
};

/** What the attendant menu shows: nothing of any visitor, only the device's health and today's totals. */
export type AttendantStatus = {
  version: string;
  kioskId: string;
  backend: { type: string; reachable: boolean };
  delivery: ChannelStatus[];
  /** Newest first: faults the audit log recorded since start (backend, delivery, renderer), without detail a visitor typed. */
  lastErrors: { at: number; event: string; detail: string }[];
  today: { enrollments: number; resets: number };
  /**
   * With a shared state database: today's totals of every device seen, and kiosk ids used by more than one live
   * device. `null` when the database did not answer; absent on a device alone.
   */
  fleet?: { devices: number; today: { enrollments: number; resets: number }; duplicates: string[] } | null;
  liveSessions: number;
  now: number;
};
