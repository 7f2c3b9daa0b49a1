import type { StoreApi } from 'zustand/vanilla';
import type { AttendantStatus } from '../../../shared/attendant';
import type { Bridge } from '../../../shared/contract';
import type { BridgeError } from '../../../shared/errors';

/** Why the PIN is asked: the attendant's menu, or to let a visitor past the CAPTCHA. */
export type PinPurpose = 'menu' | 'captcha';

/** The attendant's dialog over the visitor's screen; it holds the device's status, never a visitor's data. */
export type AttendantPanel =
  | { mode: 'pin'; purpose: PinPurpose; busy: boolean; error?: BridgeError }
  | { mode: 'menu'; status: AttendantStatus; busy: boolean; error?: BridgeError; reloading?: boolean };

export type AttendantActions = {
  openAttendant(purpose: PinPurpose): void;
  submitPin(pin: string): Promise<void>;
  refreshStatus(): Promise<void>;
  closeAttendant(): void;
  quitApp(): Promise<void>;
  reloadConfig(): Promise<void>;
};

type Deps = {
  bridge: Bridge;
  store: StoreApi<{ attendant?: AttendantPanel }>;
  /** Passes the CAPTCHA step with the PIN, as a flow request carrying the step's token. */
  passCaptcha(pin: string): Promise<{ ok: boolean; error?: BridgeError } | undefined>;
};

export const createAttendantActions = ({ bridge, store, passCaptcha }: Deps): AttendantActions => {
  const panel = () => store.getState().attendant;
  const patch = (change: Partial<AttendantPanel>) => {
    const current = panel();
    if (current) store.setState({ attendant: { ...current, ...change } as AttendantPanel });
  };
  const failed = (error: BridgeError) => patch({ busy: false, error });

  const act = async (name: 'attendant.quit' | 'attendant.reload') => {
    const current = panel();
    if (current?.mode !== 'menu' || current.busy) return;
    patch({ busy: true, error: undefined });
    const answer = await bridge.invoke(name, {});
    if (!answer.ok) return failed(answer.error);
    patch({ busy: false, reloading: name === 'attendant.reload' });
  };

  return {
    openAttendant: (purpose) => {
      if (panel()?.mode === 'menu') return;
      store.setState({ attendant: { mode: 'pin', purpose, busy: false } });
    },
    submitPin: async (pin) => {
      const current = panel();
      if (current?.mode !== 'pin' || current.busy) return;
      patch({ busy: true, error: undefined });
      if (current.purpose === 'captcha') {
        const answer = await passCaptcha(pin);
        if (!answer) return patch({ busy: false });
        if (!answer.ok) return failed(answer.error ?? { code: 'unavailable' });
        store.setState({ attendant: undefined });
        return;
      }
      const answer = await bridge.invoke('attendant.unlock', { pin });
      if (!answer.ok) return failed(answer.error);
      store.setState({ attendant: { mode: 'menu', status: answer.status, busy: false } });
    },
    refreshStatus: async () => {
      const current = panel();
      if (current?.mode !== 'menu' || current.busy) return;
      patch({ busy: true, error: undefined });
      const answer = await bridge.invoke('attendant.status', {});
      if (!answer.ok) return failed(answer.error);
      patch({ busy: false, status: answer.status });
    },
    closeAttendant: () => {
      const wasMenu = panel()?.mode === 'menu';
      store.setState({ attendant: undefined });
      if (wasMenu) void bridge.invoke('attendant.close', {});
    },
    quitApp: () => act('attendant.quit'),
    reloadConfig: () => act('attendant.reload'),
  };
};
