import type { Bridge } from '../../../shared/contract';
import { bridgeUrl, createWsBridge, tokenFromHash, type LosableBridge } from './ws-bridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the page is served by the browser host. */
    guichet?: Bridge;
  }
}

/**
 * The preload's bridge inside Electron (its transport cannot drop), else the browser host's WebSocket,
 * authorized by the token the host put in the page address.
 */
export const chooseBridge = (win: Window = window): LosableBridge => {
  const preload = win.guichet;
  if (preload) return { invoke: preload.invoke.bind(preload), on: preload.on.bind(preload), onLost: () => () => {} };
  const url = bridgeUrl(win.location.host, tokenFromHash(win.location.hash));
  return createWsBridge(url, (address) => new WebSocket(address));
};
