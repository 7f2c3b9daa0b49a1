import type { EventName, Events } from '../../shared/contract';

/** Events the Electron shell pushes to the renderer: the core's events. */
export type ShellEvents = Events;
export type ShellEventName = EventName;

const allEvents = { 'idle-warning': true, 'session-reset': true, 'signin-external': true } satisfies Record<EventName, true>;
export const shellEventNames = Object.keys(allEvents) as ShellEventName[];

/** The IPC channel an event travels on, main to renderer. */
export const eventChannel = (name: ShellEventName) => `guichet-event:${name}`;
