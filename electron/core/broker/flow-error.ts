import type { BridgeError, ErrorReason, PolicyReason } from '../../../shared/errors';
import type { FlowState } from './flow-state';

/**
 * A refusal a flow step raises; the broker turns it into `{ ok: false, error }` with the state unchanged,
 * or moved to `next` when the step cannot be tried again as it was (a spent sign-in on the directory's page).
 */
export class FlowError extends Error {
  constructor(
    readonly error: BridgeError,
    readonly next?: FlowState,
  ) {
    super(error.code);
  }
}

export const invalid = (reason: ErrorReason) => new FlowError({ code: 'invalid-input', reason });
export const outOfOrder = () => new FlowError({ code: 'out-of-order' });
export const throttled = (retryAt: number) => new FlowError({ code: 'throttled', retryAt });
export const policy = (reasons: PolicyReason[], reason?: ErrorReason) =>
  new FlowError({ code: 'policy-violation', reasons, ...(reason ? { reason } : {}) });
