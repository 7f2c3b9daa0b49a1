import { countryOptions, graphPhone } from '../../../shared/phone';
import type { MethodRow, SentCode, Step, View } from '../../../shared/steps';
import type { Methods } from '../backends/identity-backend';
import type { BrokerDeps } from './broker-deps';
import { configuredCount } from './enrollment-flow';
import type { SentChallenge, Session } from './flow-state';
import { passwordContext } from './recovery-flow';

const sentCode = (sent: SentChallenge | undefined): SentCode | undefined =>
  sent && { channel: sent.channel, resendAt: sent.resendAt, expiresAt: sent.challenge.expiresAt };

function methodRows(deps: BrokerDeps, methods: Methods): MethodRow[] {
  return deps.config.enrollment.methods.map((kind) => {
    const value = kind === 'phone' ? methods.phone : methods.email;
    return value ? { kind, configured: true, display: kind === 'phone' ? graphPhone(value) : value } : { kind, configured: false };
  });
}

/** The screen for a session: only what this visitor may see, never a code, a challenge or a destination they did not type. */
export function stepOf(deps: BrokerDeps, session: Session): Step {
  const flow = session.flow;
  switch (flow.kind) {
    case 'home':
      return { name: 'home' };
    case 'final':
      return { name: flow.step };
    case 'helpdesk':
      return { name: 'helpdesk', context: flow.context };
    case 'enrollment': {
      const s = flow.state;
      const canRemove = (kind: 'phone' | 'email', methods: Methods) =>
        !!(kind === 'phone' ? methods.phone : methods.email) &&
        configuredCount({ ...methods, [kind]: undefined }, deps.config.enrollment.methods) >= deps.config.enrollment.minimumMethods;
      switch (s.step) {
        case 'signin-identifier':
        case 'signin-password':
          return { name: s.step, identifier: s.identifier };
        case 'reauth-password':
          return { name: 'signin-password', identifier: session.signedIn?.identifier ?? '', reauth: true };
        case 'signin-external':
          // The URL carries what the page needs (PKCE challenge, state, nonce); the verifier stays in the session.
          return {
            name: 'signin-external',
            identifier: s.identifier,
            url: s.signIn.url,
            popup: !session.transport?.showsSignInPage,
            waiting: s.signIn.opened,
            expiresAt: s.signIn.expiresAt,
          };
        case 'security-info':
          return {
            name: 'security-info',
            methods: methodRows(deps, s.methods),
            minimum: deps.config.enrollment.minimumMethods,
            canFinish: configuredCount(s.methods, deps.config.enrollment.methods) >= deps.config.enrollment.minimumMethods,
            thanks: s.thanks,
          };
        case 'enroll-phone':
          return {
            name: 'enroll-phone',
            countries: countryOptions(deps.config.phone.allowedCountries),
            country: s.country,
            number: s.number,
            channels: (['sms', 'voice'] as const).filter((c) => !!deps.delivery[c]),
            sent: sentCode(s.sent),
            replacing: !!s.methods.phone,
            canRemove: canRemove('phone', s.methods),
          };
        case 'enroll-email':
          return { name: 'enroll-email', address: s.address, sent: sentCode(s.sent), replacing: !!s.methods.email, canRemove: canRemove('email', s.methods) };
      }
      break;
    }
    case 'recovery': {
      const s = flow.state;
      switch (s.step) {
        case 'recovery-identify':
          return {
            name: 'recovery-identify',
            identifier: s.identifier,
            example: `utilisateur@${deps.config.organization.domain}`,
            ...(s.captcha ? { captcha: { image: s.captcha.image } } : {}),
          };
        case 'recovery-verify':
          return {
            name: 'recovery-verify',
            gate: s.gate,
            gates: s.gates,
            options: s.target.options.filter((o) => !s.passed.includes(o.channel === 'email' ? 'email' : 'phone')),
            selected: s.selected,
            sent: sentCode(s.sent),
          };
        case 'recovery-password':
          return { name: 'recovery-password', gates: s.gates, context: passwordContext(deps, s.account) };
      }
    }
  }
  throw new Error('unreachable');
}

export function viewOf(deps: BrokerDeps, session: Session): View {
  const org = deps.config.organization;
  const step = stepOf(deps, session);
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
