import type { BridgeError, ErrorReason, PolicyReason } from '../../../shared/errors';

/** A refusal a flow step raises; the broker turns it into `{ ok: false, error }` with the state unchanged. */
export class FlowError extends Error {
  constructor(readonly error: BridgeError) {
    super(error.code);
  }
}

export const invalid = (reason: ErrorReason) => new FlowError({ code: 'invalid-input', reason });
export const outOfOrder = () => new FlowError({ code: 'out-of-order' });
export const throttled = (retryAt: number) => new FlowError({ code: 'throttled', retryAt });
export const policy = (reasons: PolicyReason[], reason?: ErrorReason) =>
  new FlowError({ code: 'policy-violation', reasons, ...(reason ? { reason } : {}) });
