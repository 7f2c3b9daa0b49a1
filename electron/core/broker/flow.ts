import type { RequestOf, VisitorRequest } from '../../../shared/contract';
import type { BridgeError, ErrorReason, PolicyReason } from '../../../shared/errors';
import type { Step } from '../../../shared/steps';
import type { BrokerDeps } from './broker-deps';
import type { Session } from './flow-state';

/**
 * The shape every flow has: a module of `step` and `view` over its own state, registered by its `kind` in a
 * `FlowTable`. The broker routes a request to the module of the session's current flow and knows nothing else of it.
 * The template is `test/support/example-flow.ts`; `docs/architecture.md` walks through adding one.
 */

/** A visitor's request as a step sees it: its name and its payload once the contract's schema has checked it. */
export type FlowRequest = { [K in VisitorRequest]: { name: K } & RequestOf<K> }[VisitorRequest];

/** The screens every flow table holds: the home screen, and the final screens a fault leads to. */
export type FinalStep = 'recovery-done' | 'account-locked' | 'unavailable' | 'out-of-service';
export type CoreFlow = { kind: 'home' } | { kind: 'final'; step: FinalStep };

/** A refusal: the visitor's screen gets `refuse` as its error, and the flow stays where it was unless `next` is given. */
export type Refusal<F = never> = { refuse: BridgeError; next?: F };

/**
 * What a step answers, as a value: the next state, or a refusal. `end` wipes the session and shows `next` in a fresh
 * one (a finished flow); `audio` rides along on the answer to `recovery.captcha-audio`. Exceptions are faults only
 * (a directory, a database that fails): the broker turns them into the "unavailable" screen.
 */
export type Outcome<F> = { next: F; end?: true; audio?: string } | Refusal<F>;

export type FlowContext<F extends { kind: string }> = { deps: BrokerDeps; session: Session<F | CoreFlow> };

export type FlowModule<S, F extends { kind: string }> = {
  step(ctx: FlowContext<F>, flow: S, request: FlowRequest): Promise<Outcome<F | CoreFlow>>;
  /** The screen for this state: only what this visitor may see, never a code, a challenge or a destination they did not type. */
  view(ctx: FlowContext<F>, flow: S): Step;
};

/** One module per flow kind: a flow state with no module, or a module for no state, does not compile. */
export type FlowTable<F extends { kind: string }> = { [K in (F | CoreFlow)['kind']]: FlowModule<Extract<F | CoreFlow, { kind: K }>, F> };

export const refuse = (error: BridgeError): Refusal => ({ refuse: error });
export const invalid = (reason: ErrorReason): Refusal => refuse({ code: 'invalid-input', reason });
export const outOfOrder = (): Refusal => refuse({ code: 'out-of-order' });
export const throttled = (retryAt: number): Refusal => refuse({ code: 'throttled', retryAt });
export const policy = (reasons: PolicyReason[], reason?: ErrorReason): Refusal =>
  refuse({ code: 'policy-violation', reasons, ...(reason ? { reason } : {}) });

/** For helpers that answer a value or a refusal (`sendCode`, `emailAddress`…): true when it is the refusal. */
export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'refuse' in value;
