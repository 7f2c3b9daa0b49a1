import { enrollmentFlow, startEnrollment } from './enrollment-flow';
import { outOfOrder, type FlowTable } from './flow';
import type { FlowState } from './flow-state';
import { recoveryFlow, startRecovery } from './recovery-flow';

/**
 * Guichet's flows, one module per kind of `FlowState`. A new flow is a new kind in `FlowState`, a module here, and
 * a way in (a request `home` answers, or a step of another flow): see docs/architecture.md, "How to add a flow".
 */
export const flows: FlowTable<FlowState> = {
  home: {
    async step({ deps }, _flow, request) {
      if (request.name === 'home.sign-in') return { next: startEnrollment(deps) };
      if (request.name === 'home.recover') return { next: startRecovery(deps) };
      return outOfOrder();
    },
    view: () => ({ name: 'home' }),
  },

  /** The end of a flow, or a fault: "try again" starts enrollment over, unless the kiosk is out of service. */
  final: {
    async step({ deps }, flow, request) {
      if (request.name === 'home.sign-in' && flow.step !== 'out-of-service') return { next: startEnrollment(deps) };
      return outOfOrder();
    },
    view: (_ctx, flow) => ({ name: flow.step }),
  },

  /** "Contact the helpdesk", from a flow that can be gone back to. */
  helpdesk: {
    async step(_ctx, flow, request) {
      if (request.name === 'flow.back' && flow.back) return { next: flow.back };
      return outOfOrder();
    },
    view: (_ctx, flow) => ({ name: 'helpdesk', context: flow.context }),
  },

  enrollment: enrollmentFlow,
  recovery: recoveryFlow,
};
