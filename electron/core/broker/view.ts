import type { Step, View } from '../../../shared/steps';
import type { BrokerDeps } from './broker-deps';
import type { CoreFlow, FlowModule, FlowTable } from './flow';
import type { Session } from './flow-state';

/** The screen of the session's current flow, drawn by that flow's module. */
export function stepOf<F extends { kind: string }>(deps: BrokerDeps, flows: FlowTable<F>, session: Session<F | CoreFlow>): Step {
  return moduleOf(flows, session.flow).view({ deps, session }, session.flow);
}

/**
 * The module for a state. `FlowTable` pairs each kind with the module of that kind's state; TypeScript cannot follow
 * that pairing through a lookup by a union-typed kind, so it is stated here, once.
 */
export const moduleOf = <F extends { kind: string }>(flows: FlowTable<F>, flow: F | CoreFlow) =>
  flows[flow.kind as keyof FlowTable<F>] as unknown as FlowModule<F | CoreFlow, F>;

export function viewOf<F extends { kind: string }>(deps: BrokerDeps, flows: FlowTable<F>, session: Session<F | CoreFlow>): View {
  const org = deps.config.organization;
  const step = stepOf(deps, flows, session);
  const showChip = step.name !== 'home' && step.name !== 'signin-identifier' && step.name !== 'recovery-identify';
  return {
    token: session.token,
    step,
    locale: session.locale,
    locales: deps.config.locale.available,
    organization: {
      name: org.name,
      domain: org.domain,
      helpdesk: org.helpdesk,
      ...(org.primaryColor ? { primaryColor: org.primaryColor } : {}),
      ...(org.logo ? { logo: org.logo } : {}),
    },
    ...(showChip && session.chip ? { chip: session.chip } : {}),
    kiosk: {
      enabled: deps.config.kiosk.enabled,
      onScreenKeyboard: deps.config.kiosk.onScreenKeyboard,
      ...(deps.config.kiosk.attendantPinHash ? { attendantKeys: deps.config.kiosk.attendantKeys } : {}),
    },
    now: deps.clock.now(),
  };
}
