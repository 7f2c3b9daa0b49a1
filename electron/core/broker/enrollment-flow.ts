import type { RequestName } from '../../../shared/contract';
import { parsePhone } from '../../../shared/phone';
import type { Account, Methods } from '../backends/identity-backend';
import type { BrokerDeps } from './broker-deps';
import { checkCode, sendCode } from './code-sender';
import { invalid, outOfOrder } from './flow-error';
import type { EnrollmentState, FlowState, Session } from './flow-state';
import { notifyChange } from './notify';
import { emailAddress, withFloor } from './inputs';
import { withDeviceAttempt } from './device-limits';
import { externalSignInOf, externalSignInStep, startExternalSignIn } from './external-sign-in';
import { nameDigest, resolveIdentifier } from './identifier';

export type StepOutcome = FlowState;
type Payload = Record<string, unknown> & { token: string };

export const configuredCount = (methods: Methods, offered: ReadonlyArray<'phone' | 'email'>) =>
  offered.filter((m) => (m === 'phone' ? methods.phone : methods.email)).length;

/** Enrollment: sign in (with a password, or on the directory's own page), then register or change an authentication phone and email, each verified by code. */
export async function enrollmentStep(
  deps: BrokerDeps,
  session: Session,
  state: EnrollmentState,
  name: RequestName,
  p: Payload,
  startedAt: number,
): Promise<StepOutcome> {
  const next = (s: EnrollmentState): FlowState => ({ kind: 'enrollment', startedAt, state: s });
  const info = (account: Account, methods: Methods, thanks: boolean) => next({ step: 'security-info', account, methods, thanks });
  const signedIn = async (account: Account, identifier: string) => {
    session.signedIn = { at: deps.clock.now(), identifier };
    return info(account, await deps.backend.getMethods(account), false);
  };
  const enrollStep = (account: Account, methods: Methods, method: 'phone' | 'email'): FlowState =>
    method === 'phone'
      ? next({ step: 'enroll-phone', account, methods, country: deps.config.phone.defaultCountry, number: '' })
      : next({ step: 'enroll-email', account, methods, address: '' });

  switch (state.step) {
    case 'signin-identifier':
      if (name === 'signin.identifier') {
        const identifier = String(p.identifier).trim();
        if (!identifier) throw invalid('empty');
        session.chip = identifier;
        const external = externalSignInOf(deps);
        if (external) return next(await startExternalSignIn(deps, session, external, identifier));
        return next({ step: 'signin-password', identifier });
      }
      break;

    case 'signin-external':
      return externalSignInStep(deps, session, state, name, p, next, (account) => signedIn(account, state.identifier));

    case 'signin-password':
      if (name === 'flow.back') return next({ step: 'signin-identifier', identifier: state.identifier });
      if (name === 'signin.forgot') return { kind: 'recovery', startedAt: deps.clock.now(), state: { step: 'recovery-identify', identifier: state.identifier } };
      if (name === 'signin.password') {
        const password = String(p.password);
        if (!password) throw invalid('empty');
        const { name: key, result } = await withFloor(deps, () =>
          // A device's guesses are capped across every name it tries (password spraying), before any is checked.
          withDeviceAttempt(deps, session, 'signin-failure', async () => {
            const { name: key, form } = await resolveIdentifier(deps.backend, deps.config, state.identifier);
            const result = await deps.backend.signIn(form, password);
            if (result.status === 'invalid') await deps.throttles.recordDevice('signin-failure', deps.kioskId);
            return { name: key, result };
          }),
        );
        if (result.status === 'invalid') {
          // Who was tried, for IT to correlate across kiosks sharing security.decoyKey; never the name itself.
          const tried = nameDigest(deps.decoyKey, 'audit', key).toString('hex').slice(0, 32);
          deps.audit.append({ event: 'signin.fail', session: session.id, account: `name:${tried}`, outcome: 'fail' });
          throw invalid('wrong-credentials');
        }
        if (result.status !== 'ok') {
          deps.audit.append({ event: 'signin.fail', session: session.id, account: result.account.id, outcome: 'refused', detail: { status: result.status } });
          return { kind: 'final', step: 'account-locked' };
        }
        deps.audit.append({ event: 'signin.ok', session: session.id, account: result.account.id, outcome: 'ok' });
        return signedIn(result.account, state.identifier);
      }
      break;

    case 'reauth-password': {
      const { account, methods } = state;
      if (name === 'flow.back') return info(account, methods, false);
      if (name === 'signin.forgot') return { kind: 'recovery', startedAt: deps.clock.now(), state: { step: 'recovery-identify', identifier: session.signedIn?.identifier ?? '' } };
      if (name === 'signin.password') {
        const password = String(p.password);
        if (!password) throw invalid('empty');
        const identifier = session.signedIn?.identifier ?? '';
        const result = await withFloor(deps, () => deps.backend.signIn(identifier, password));
        if (result.status === 'invalid' || result.account.id !== account.id) {
          deps.audit.append({ event: 'signin.fail', session: session.id, account: account.id, outcome: 'fail', detail: { reauth: true } });
          throw invalid('wrong-credentials');
        }
        if (result.status !== 'ok') {
          deps.audit.append({ event: 'signin.fail', session: session.id, account: account.id, outcome: 'refused', detail: { status: result.status, reauth: true } });
          return { kind: 'final', step: 'account-locked' };
        }
        deps.audit.append({ event: 'signin.ok', session: session.id, account: account.id, outcome: 'ok', detail: { reauth: true } });
        session.signedIn = { at: deps.clock.now(), identifier };
        return enrollStep(account, methods, state.method);
      }
      break;
    }

    case 'security-info': {
      const { account, methods } = state;
      if (name === 'security-info.configure') {
        const method = p.method as 'phone' | 'email';
        if (!deps.config.enrollment.methods.includes(method)) throw invalid('malformed');
        // Whoever walks up to a page left signed in must not add their own phone to that account.
        const since = deps.clock.now() - (session.signedIn?.at ?? 0);
        if (since > deps.config.enrollment.reauthMinutes * 60_000) {
          const external = externalSignInOf(deps);
          if (external) return next(await startExternalSignIn(deps, session, external, session.signedIn?.identifier ?? ''));
          return next({ step: 'reauth-password', account, methods, method });
        }
        return enrollStep(account, methods, method);
      }
      if (name === 'security-info.finish') {
        if (configuredCount(methods, deps.config.enrollment.methods) < deps.config.enrollment.minimumMethods) throw invalid('below-minimum');
        return { kind: 'home' };
      }
      break;
    }

    case 'enroll-phone': {
      const { account, methods } = state;
      if (name === 'flow.back') return info(account, methods, false);
      if (name === 'phone.send') {
        const channel = p.channel as 'sms' | 'voice';
        if (!deps.delivery[channel]) throw invalid('malformed');
        const country = String(p.country).toUpperCase();
        const number = String(p.number).trim();
        if (!number) throw invalid('empty');
        const phone = parsePhone(number, country, deps.config.phone.allowedCountries);
        if (!phone.ok) throw invalid(phone.reason);
        const sent = await sendCode(deps, {
          flow: 'enrollment', session: session.id, locale: session.locale, account: account.id,
          channel, destination: phone.e164,
        });
        return next({ ...state, country, number, sent: { ...sent, e164: phone.e164 } });
      }
      if (name === 'code.resend') {
        if (!state.sent) throw outOfOrder();
        const sent = await sendCode(deps, {
          flow: 'enrollment', session: session.id, locale: session.locale, account: account.id,
          channel: state.sent.channel, destination: state.sent.e164,
        });
        return next({ ...state, sent: { ...sent, e164: state.sent.e164 } });
      }
      if (name === 'code.verify') {
        if (!state.sent) throw outOfOrder();
        checkCode(deps, state.sent, String(p.code), session.id, account.id);
        await deps.throttles.ensureReachable();
        await deps.backend.setPhone(account, state.sent.e164);
        const kind = methods.phone ? 'method-changed' : 'method-added';
        deps.audit.append({ event: kind === 'method-added' ? 'method.added' : 'method.changed', session: session.id, account: account.id, outcome: 'ok', detail: { method: 'phone' } });
        await notifyChange(deps, session, account, methods, kind, 'phone');
        return info(account, { ...methods, phone: state.sent.e164 }, true);
      }
      if (name === 'method.remove') return removeMethod(deps, session, account, methods, 'phone', info);
      break;
    }

    case 'enroll-email': {
      const { account, methods } = state;
      if (name === 'flow.back') return info(account, methods, false);
      if (name === 'email.send') {
        const address = emailAddress(String(p.address));
        if (account.mail && address === account.mail.toLowerCase()) throw invalid('email-same-as-primary');
        const sent = await sendCode(deps, {
          flow: 'enrollment', session: session.id, locale: session.locale, account: account.id,
          channel: 'email', destination: address,
        });
        return next({ ...state, address, sent });
      }
      if (name === 'code.resend') {
        if (!state.sent) throw outOfOrder();
        const sent = await sendCode(deps, {
          flow: 'enrollment', session: session.id, locale: session.locale, account: account.id,
          channel: 'email', destination: state.sent.destination,
        });
        return next({ ...state, sent });
      }
      if (name === 'code.verify') {
        if (!state.sent) throw outOfOrder();
        checkCode(deps, state.sent, String(p.code), session.id, account.id);
        await deps.throttles.ensureReachable();
        await deps.backend.setEmail(account, state.sent.destination);
        const kind = methods.email ? 'method-changed' : 'method-added';
        deps.audit.append({ event: kind === 'method-added' ? 'method.added' : 'method.changed', session: session.id, account: account.id, outcome: 'ok', detail: { method: 'email' } });
        await notifyChange(deps, session, account, methods, kind, 'email');
        return info(account, { ...methods, email: state.sent.destination }, true);
      }
      if (name === 'method.remove') return removeMethod(deps, session, account, methods, 'email', info);
      break;
    }
  }
  throw outOfOrder();
}

async function removeMethod(
  deps: BrokerDeps,
  session: Session,
  account: Account,
  methods: Methods,
  method: 'phone' | 'email',
  info: (a: Account, m: Methods, thanks: boolean) => FlowState,
): Promise<FlowState> {
  if (!(method === 'phone' ? methods.phone : methods.email)) throw outOfOrder();
  const remaining: Methods = { ...methods, [method]: undefined };
  if (configuredCount(remaining, deps.config.enrollment.methods) < deps.config.enrollment.minimumMethods) throw invalid('below-minimum');
  await deps.throttles.ensureReachable();
  if (method === 'phone') await deps.backend.setPhone(account, null);
  else await deps.backend.setEmail(account, null);
  deps.audit.append({ event: 'method.removed', session: session.id, account: account.id, outcome: 'ok', detail: { method } });
  await notifyChange(deps, session, account, methods, 'method-removed', method);
  return info(account, remaining, false);
}
