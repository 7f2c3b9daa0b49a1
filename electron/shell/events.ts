import type { EventName, Events } from '../../shared/contract';

/**
 * Events the Electron shell pushes to the renderer: the core's events plus the attendant key combination,
 * which only a window's keyboard hook can see.
 */
export type ShellEvents = Events & { 'attendant-open': Record<string, never> };
export type ShellEventName = keyof ShellEvents;

const coreEvents = { 'idle-warning': true, 'session-reset': true } satisfies Record<EventName, true>;
export const shellEventNames = [...(Object.keys(coreEvents) as EventName[]), 'attendant-open'] as ShellEventName[];

/** The IPC channel an event travels on, main to renderer. */
export const eventChannel = (name: ShellEventName) => `guichet-event:${name}`;
