import { invalid, outOfOrder, type FlowModule, type FlowTable } from '../../electron/core/broker/flow';
import type { BrokerDeps } from '../../electron/core/broker/broker-deps';

/**
 * The template for a new flow (docs/architecture.md, "How to add a flow"): a two-step toy that asks for an
 * identifier, then for a password, and ends on a final screen. It reuses screens that exist so that it needs no
 * renderer work; a real flow adds its own `Step`s to `shared/steps.ts`.
 */

/** 1. The flow's state: one `kind`, a `startedAt` (the broker expires the session from it), and its own steps. */
export type ExampleFlow = {
  kind: 'example';
  startedAt: number;
  state: { step: 'identify' } | { step: 'confirm'; identifier: string };
};

/** 2. Its start, built in one place and used by whatever leads into the flow. */
export const startExample = (deps: BrokerDeps): ExampleFlow => ({ kind: 'example', startedAt: deps.clock.now(), state: { step: 'identify' } });

/** 3. Its module: each step answers the next state or a refusal as a value; only faults throw. */
export const exampleFlow: FlowModule<ExampleFlow, ExampleFlow> = {
  async step(_ctx, flow, request) {
    const { state } = flow;
    if (state.step === 'identify' && request.name === 'signin.identifier') {
      const identifier = request.identifier.trim();
      if (!identifier) return invalid('empty');
      return { next: { ...flow, state: { step: 'confirm', identifier } } };
    }
    if (state.step === 'confirm' && request.name === 'flow.back') return { next: { ...flow, state: { step: 'identify' } } };
    if (state.step === 'confirm' && request.name === 'signin.password') {
      if (!request.password) return invalid('empty');
      // `end`: the session is wiped and the final screen is shown in a fresh one.
      return { next: { kind: 'final', step: 'recovery-done' }, end: true };
    }
    return outOfOrder();
  },
  /** Only what the visitor typed comes back to their screen. */
  view(_ctx, flow) {
    const { state } = flow;
    return state.step === 'identify' ? { name: 'signin-identifier', identifier: '' } : { name: 'signin-password', identifier: state.identifier };
  },
};

/** 4. Its place in a table: the compiler refuses a table without a module for every kind (`home`, `final`, `example`). */
export const exampleFlows: FlowTable<ExampleFlow> = {
  home: {
    async step({ deps }, _flow, request) {
      return request.name === 'home.sign-in' ? { next: startExample(deps) } : outOfOrder();
    },
    view: () => ({ name: 'home' }),
  },
  final: {
    step: async () => outOfOrder(),
    view: (_ctx, flow) => ({ name: flow.step }),
  },
  example: exampleFlow,
};
