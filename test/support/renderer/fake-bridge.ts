import type { EventName, Events, RequestName } from '../../../shared/contract';
import type { LosableBridge } from '../../../renderer/src/bridge/ws-bridge';

type Call = { name: RequestName; payload: Record<string, unknown>; resolve: (result: unknown) => void; reject: (error: Error) => void };

/** A bridge whose answers the test gives by hand, in any order. */
export const createFakeBridge = () => {
  const calls: Call[] = [];
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const lost = new Set<() => void>();
  const bridge: LosableBridge = {
    invoke: ((name: RequestName, payload: Record<string, unknown>) =>
      new Promise<unknown>((resolve, reject) => calls.push({ name, payload, resolve, reject }))) as LosableBridge['invoke'],
    on: ((event: EventName, listener: (data: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    }) as LosableBridge['on'],
    onLost: (listener) => {
      lost.add(listener);
      return () => lost.delete(listener);
    },
  };
  return {
    bridge,
    calls,
    emit<E extends EventName>(event: E, data: Events[E]) {
      for (const listener of listeners.get(event) ?? []) listener(data);
    },
    lose() {
      for (const listener of lost) listener();
    },
  };
};
