import { countryOptions, graphPhone, parsePhone } from '../../../shared/phone';
import type { MethodKind, MethodRow, Step } from '../../../shared/steps';
import type { Account, Methods } from '../backends/identity-backend';
import type { BrokerDeps } from './broker-deps';
import { withDeviceAttempt } from './device-limits';
import { externalSignInOf, externalSignInStep, startExternalSignIn } from './external-sign-in';
import { invalid, isRefusal, outOfOrder, type FlowContext, type FlowModule, type FlowRequest, type Outcome } from './flow';
import type { EnrollmentState, FlowState, SentChallenge } from './flow-state';
import { nameDigest, resolveIdentifier } from './identifier';
import { emailAddress, withFloor } from './inputs';
import { notifyChange } from './notify';
import { proveStep, sendProof, type ProofOutcome } from './prove-destination';
import { startRecovery } from './recovery-flow';

type EnrollmentFlow = Extract<FlowState, { kind: 'enrollment' }>;
type Ctx = FlowContext<FlowState>;
type Next = (state: EnrollmentState) => Outcome<FlowState>;
type Enrolling = Extract<EnrollmentState, { step: 'enroll-phone' | 'enroll-email' }>;

const configuredCount = (methods: Methods, offered: ReadonlyArray<MethodKind>) => offered.filter((m) => methods[m]).length;

/** Enrollment from its first screen: "who are you?". */
export const startEnrollment = (deps: BrokerDeps): EnrollmentFlow => ({ kind: 'enrollment', startedAt: deps.clock.now(), state: { step: 'signin-identifier', identifier: '' } });

/** Enrollment: sign in (with a password, or on the directory's own page), then register or change an authentication phone and email, each verified by code. */
export const enrollmentFlow: FlowModule<EnrollmentFlow, FlowState> = {
  async step(ctx, flow, request) {
    const { deps, session } = ctx;
    const next: Next = (state) => ({ next: { ...flow, state } });
    const info = (account: Account, methods: Methods, thanks: boolean) => next({ step: 'security-info', account, methods, thanks });
    const signedIn = async (account: Account, identifier: string) => {
      session.signedIn = { at: deps.clock.now(), identifier };
      return info(account, await deps.backend.getMethods(account), false);
    };
    const { state } = flow;
    switch (state.step) {
      case 'signin-identifier':
        if (request.name === 'signin.identifier') {
          const identifier = request.identifier.trim();
          if (!identifier) return invalid('empty');
          session.chip = identifier;
          const external = externalSignInOf(deps);
          if (external) return next(await startExternalSignIn(deps, session, external, identifier));
          return next({ step: 'signin-password', identifier });
        }
        break;

      case 'signin-external':
        return externalSignInStep(deps, session, state, request, next, (account) => signedIn(account, state.identifier));

      case 'signin-password':
        if (request.name === 'flow.back') return next({ step: 'signin-identifier', identifier: state.identifier });
        if (request.name === 'signin.forgot') return { next: startRecovery(deps, state.identifier) };
        if (request.name === 'signin.password') {
          const outcome = await passwordSignIn(ctx, state.identifier, request.password);
          return 'account' in outcome ? signedIn(outcome.account, state.identifier) : outcome;
        }
        break;

      case 'reauth-password': {
        const { account, methods } = state;
        if (request.name === 'flow.back') return info(account, methods, false);
        if (request.name === 'signin.forgot') return { next: startRecovery(deps, session.signedIn?.identifier ?? '') };
        if (request.name === 'signin.password') {
          const outcome = await reauth(ctx, account, request.password);
          return 'account' in outcome ? next(enrolling(deps, account, methods, state.method)) : outcome;
        }
        break;
      }

      case 'security-info': {
        const { account, methods } = state;
        if (request.name === 'security-info.configure') {
          const { method } = request;
          if (!deps.config.enrollment.methods.includes(method)) return invalid('malformed');
          // Whoever walks up to a page left signed in must not add their own phone to that account.
          const since = deps.clock.now() - (session.signedIn?.at ?? 0);
          if (since > deps.config.enrollment.reauthMinutes * 60_000) {
            const external = externalSignInOf(deps);
            if (external) return next(await startExternalSignIn(deps, session, external, session.signedIn?.identifier ?? ''));
            return next({ step: 'reauth-password', account, methods, method });
          }
          return next(enrolling(deps, account, methods, method));
        }
        if (request.name === 'security-info.finish') {
          if (configuredCount(methods, deps.config.enrollment.methods) < deps.config.enrollment.minimumMethods) return invalid('below-minimum');
          return { next: { kind: 'home' }, end: true };
        }
        break;
      }

      case 'enroll-phone':
      case 'enroll-email':
        return enrollStep(ctx, state, request, next, info);
    }
    return outOfOrder();
  },

  view({ deps, session }, { state: s }): Step {
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
          canRemove: canRemove(deps, 'phone', s.methods),
        };
      case 'enroll-email':
        return { name: 'enroll-email', address: s.address, sent: sentCode(s.sent), replacing: !!s.methods.email, canRemove: canRemove(deps, 'email', s.methods) };
    }
  },
};

const sentCode = (sent: SentChallenge | undefined) => sent && { channel: sent.channel, resendAt: sent.resendAt, expiresAt: sent.challenge.expiresAt };

const canRemove = (deps: BrokerDeps, kind: MethodKind, methods: Methods) =>
  !!methods[kind] && configuredCount({ ...methods, [kind]: undefined }, deps.config.enrollment.methods) >= deps.config.enrollment.minimumMethods;

function methodRows(deps: BrokerDeps, methods: Methods): MethodRow[] {
  return deps.config.enrollment.methods.map((kind) => {
    const value = methods[kind];
    return value ? { kind, configured: true, display: kind === 'phone' ? graphPhone(value) : value } : { kind, configured: false };
  });
}

const enrolling = (deps: BrokerDeps, account: Account, methods: Methods, method: MethodKind): EnrollmentState =>
  method === 'phone'
    ? { step: 'enroll-phone', account, methods, country: deps.config.phone.defaultCountry, number: '' }
    : { step: 'enroll-email', account, methods, address: '' };

type SignInOutcome = { account: Account } | Outcome<FlowState>;

async function passwordSignIn({ deps, session }: Ctx, identifier: string, password: string): Promise<SignInOutcome> {
  if (!password) return invalid('empty');
  const attempt = await withFloor(deps, () =>
    // A device's guesses are capped across every name it tries (password spraying), before any is checked.
    withDeviceAttempt(deps, session, 'signin-failure', async () => {
      const { name: key, form } = await resolveIdentifier(deps.backend, deps.config, identifier);
      const result = await deps.backend.signIn(form, password);
      if (result.status === 'invalid') await deps.throttles.recordDevice('signin-failure', deps.kioskId);
      return { name: key, result };
    }),
  );
  if (isRefusal(attempt)) return attempt;
  const { name: key, result } = attempt;
  if (result.status === 'invalid') {
    // Who was tried, for IT to correlate across kiosks sharing security.decoyKey; never the name itself.
    const tried = nameDigest(deps.decoyKey, 'audit', key).toString('hex').slice(0, 32);
    deps.audit.append({ event: 'signin.fail', session: session.id, account: `name:${tried}`, outcome: 'fail' });
    return invalid('wrong-credentials');
  }
  if (result.status !== 'ok') {
    deps.audit.append({ event: 'signin.fail', session: session.id, account: result.account.id, outcome: 'refused', detail: { status: result.status } });
    return { next: { kind: 'final', step: 'account-locked' } };
  }
  deps.audit.append({ event: 'signin.ok', session: session.id, account: result.account.id, outcome: 'ok' });
  return { account: result.account };
}

async function reauth({ deps, session }: Ctx, account: Account, password: string): Promise<SignInOutcome> {
  if (!password) return invalid('empty');
  const identifier = session.signedIn?.identifier ?? '';
  const result = await withFloor(deps, () => deps.backend.signIn(identifier, password));
  if (result.status === 'invalid' || result.account.id !== account.id) {
    deps.audit.append({ event: 'signin.fail', session: session.id, account: account.id, outcome: 'fail', detail: { reauth: true } });
    return invalid('wrong-credentials');
  }
  if (result.status !== 'ok') {
    deps.audit.append({ event: 'signin.fail', session: session.id, account: account.id, outcome: 'refused', detail: { status: result.status, reauth: true } });
    return { next: { kind: 'final', step: 'account-locked' } };
  }
  deps.audit.append({ event: 'signin.ok', session: session.id, account: account.id, outcome: 'ok', detail: { reauth: true } });
  session.signedIn = { at: deps.clock.now(), identifier };
  return { account };
}

/** A phone or an email, one shape: choose the destination, prove it by code, then store it (or remove the one there). */
async function enrollStep(ctx: Ctx, state: Enrolling, request: FlowRequest, next: Next, info: (a: Account, m: Methods, thanks: boolean) => Outcome<FlowState>): Promise<Outcome<FlowState>> {
  const { deps, session } = ctx;
  const { account, methods } = state;
  const kind: MethodKind = state.step === 'enroll-phone' ? 'phone' : 'email';
  const proof = { flow: 'enrollment' as const, account: account.id };
  const sent = (outcome: ProofOutcome, update: (sent: SentChallenge) => Enrolling) =>
    isRefusal(outcome) ? outcome : 'sent' in outcome ? next(update(outcome.sent)) : outOfOrder();

  if (request.name === 'flow.back') return info(account, methods, false);
  if (request.name === 'method.remove') return removeMethod(ctx, account, methods, kind, info);
  if (request.name === 'phone.send' && state.step === 'enroll-phone') {
    const { channel } = request;
    if (!deps.delivery[channel]) return invalid('malformed');
    const country = request.country.toUpperCase();
    const number = request.number.trim();
    if (!number) return invalid('empty');
    const phone = parsePhone(number, country, deps.config.phone.allowedCountries);
    if (!phone.ok) return invalid(phone.reason);
    return sent(await sendProof(deps, session, proof, channel, phone.e164), (code) => ({ ...state, country, number, sent: code }));
  }
  if (request.name === 'email.send' && state.step === 'enroll-email') {
    const address = emailAddress(request.address);
    if (isRefusal(address)) return address;
    if (account.mail && address === account.mail.toLowerCase()) return invalid('email-same-as-primary');
    return sent(await sendProof(deps, session, proof, 'email', address), (code) => ({ ...state, address, sent: code }));
  }
  const proved = await proveStep(deps, session, proof, state.sent, request);
  if (!proved) return outOfOrder();
  if (!('proven' in proved)) return sent(proved, (code) => ({ ...state, sent: code }));
  const destination = proved.proven.destination;
  await deps.throttles.ensureReachable();
  if (kind === 'phone') await deps.backend.setPhone(account, destination);
  else await deps.backend.setEmail(account, destination);
  const change = methods[kind] ? 'method-changed' : 'method-added';
  deps.audit.append({ event: change === 'method-added' ? 'method.added' : 'method.changed', session: session.id, account: account.id, outcome: 'ok', detail: { method: kind } });
  await notifyChange(deps, session, account, methods, change, kind);
  return info(account, { ...methods, [kind]: destination }, true);
}

async function removeMethod(
  { deps, session }: Ctx,
  account: Account,
  methods: Methods,
  method: MethodKind,
  info: (a: Account, m: Methods, thanks: boolean) => Outcome<FlowState>,
): Promise<Outcome<FlowState>> {
  if (!methods[method]) return outOfOrder();
  const remaining: Methods = { ...methods, [method]: undefined };
  if (configuredCount(remaining, deps.config.enrollment.methods) < deps.config.enrollment.minimumMethods) return invalid('below-minimum');
  await deps.throttles.ensureReachable();
  if (method === 'phone') await deps.backend.setPhone(account, null);
  else await deps.backend.setEmail(account, null);
  deps.audit.append({ event: 'method.removed', session: session.id, account: account.id, outcome: 'ok', detail: { method } });
  await notifyChange(deps, session, account, methods, 'method-removed', method);
  return info(account, remaining, false);
}
