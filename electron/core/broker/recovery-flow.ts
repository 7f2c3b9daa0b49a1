import { checkPassword } from '../../../shared/password-policy';
import { parsePhone } from '../../../shared/phone';
import type { MethodKind, PasswordContext, Step } from '../../../shared/steps';
import { BackendError, isPrivilegedRefusal, type Account } from '../backends/identity-backend';
import type { BrokerDeps } from './broker-deps';
import { sendCode } from './code-sender';
import { invalid, isRefusal, outOfOrder, policy, throttled, type FlowContext, type FlowModule, type FlowRequest, type Outcome, type Refusal } from './flow';
import type { FlowState, RecoveryState, RecoveryTarget, SentChallenge, Session } from './flow-state';
import { emailAddress, withFloor } from './inputs';
import { notifyChange } from './notify';
import { spendDeviceLimit } from './device-limits';
import { nameDigest, resolveIdentifier } from './identifier';
import { proveStep } from './prove-destination';
import { recoveryTarget } from './recovery-target';

type RecoveryFlow = Extract<FlowState, { kind: 'recovery' }>;
type Ctx = FlowContext<FlowState>;

const kindOf = (optionId: string): MethodKind => (optionId === 'email' ? 'email' : 'phone');

function newCaptcha(deps: BrokerDeps): { challenge: ReturnType<BrokerDeps['captcha']['create']>['challenge']; image: string } | undefined {
  return deps.config.recovery.captcha ? deps.captcha.create() : undefined;
}

/** "Who are you?", with a fresh CAPTCHA when one is configured: the one way into recovery and back to its start. */
const identify = (deps: BrokerDeps, identifier: string): RecoveryState => ({ step: 'recovery-identify', identifier, captcha: newCaptcha(deps) });

/** Recovery from its first screen, the name typed so far filled in (from the password screen's "forgot"). */
export const startRecovery = (deps: BrokerDeps, identifier = ''): RecoveryFlow => ({ kind: 'recovery', startedAt: deps.clock.now(), state: identify(deps, identifier) });

export function passwordContext(deps: BrokerDeps, account: Account): PasswordContext {
  const policyConfig = deps.config.security.passwordPolicy;
  return {
    preset: policyConfig.preset,
    username: account.username,
    displayName: account.displayName,
    bannedTerms: [deps.config.organization.name, ...policyConfig.bannedTerms],
  };
}

/** Recovery: who are you, prove it with one or two registered methods, then choose a new password. */
export const recoveryFlow: FlowModule<RecoveryFlow, FlowState> = {
  async step(ctx, flow, request) {
    if (request.name === 'flow.helpdesk') {
      const sent = flow.state.step === 'recovery-verify' && !!flow.state.sent;
      return { next: { kind: 'helpdesk', context: sent ? 'contact-admin' : 'no-method', back: flow } };
    }
    const next = (state: RecoveryState): Outcome<FlowState> => ({ next: { ...flow, state } });
    const { state } = flow;
    switch (state.step) {
      case 'recovery-identify':
        return identifyStep(ctx, flow, state, request, next);
      case 'recovery-verify':
        return verifyStep(ctx, state, request, next);
      case 'recovery-password':
        if (request.name === 'recovery.password') return passwordStep(ctx, state, request.password, request.confirm);
    }
    return outOfOrder();
  },

  view({ deps }, { state: s }): Step {
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
          sent: s.sent && { channel: s.sent.channel, resendAt: s.sent.resendAt, expiresAt: s.sent.challenge.expiresAt },
        };
      case 'recovery-password':
        return { name: 'recovery-password', gates: s.gates, context: passwordContext(deps, s.account) };
    }
  },
};

type Next = (state: RecoveryState) => Outcome<FlowState>;

async function identifyStep(
  { deps, session }: Ctx,
  flow: RecoveryFlow,
  state: Extract<RecoveryState, { step: 'recovery-identify' }>,
  request: FlowRequest,
  next: Next,
): Promise<Outcome<FlowState>> {
  switch (request.name) {
    case 'recovery.captcha-refresh':
      return next({ ...state, captcha: newCaptcha(deps) });
    case 'recovery.captcha-audio': {
      if (!state.captcha) break;
      const wav = await deps.captcha.audio(state.captcha.challenge, session.locale);
      return { next: flow, audio: `data:audio/wav;base64,${wav.toString('base64')}` };
    }
    case 'recovery.captcha-attendant': {
      if (!state.captcha) break;
      const refused = await deps.attendant.check(request.pin, 'captcha', session.id);
      if (refused) return { refuse: refused };
      return next({ ...state, captcha: undefined });
    }
    case 'recovery.identify': {
      const identifier = request.identifier.trim();
      if (!identifier) return invalid('empty');
      if (state.captcha && !deps.captcha.check(state.captcha.challenge, request.captcha)) {
        deps.audit.append({ event: 'captcha.fail', session: session.id, outcome: 'fail' });
        // The used challenge is dead either way: the visitor gets a fresh one with the error.
        return { ...invalid('captcha-wrong'), next: { ...flow, state: { ...state, captcha: newCaptcha(deps) } } };
      }
      session.chip = identifier;
      const target = await withFloor(deps, async () => {
        const refused = await spendDeviceLimit(deps, session, 'identify');
        if (refused) return refused;
        const { name: key, account } = await resolveIdentifier(deps.backend, deps.config, identifier);
        const methods = await methodsOf(deps, account, key);
        return recoveryTarget(deps, key, account, methods);
      });
      if (isRefusal(target)) return target;
      return next({ step: 'recovery-verify', target, gate: 1, gates: deps.config.recovery.methodsRequired, passed: [] });
    }
  }
  return outOfOrder();
}

async function verifyStep(
  { deps, session }: Ctx,
  state: Extract<RecoveryState, { step: 'recovery-verify' }>,
  request: FlowRequest,
  next: Next,
): Promise<Outcome<FlowState>> {
  const { target } = state;
  switch (request.name) {
    case 'flow.back':
      return next(identify(deps, session.chip ?? ''));
    case 'recovery.choose': {
      const option = target.options.find((o) => o.id === request.option);
      if (!option || state.passed.includes(kindOf(option.id))) return invalid('malformed');
      return next({ ...state, selected: option.id, sent: undefined });
    }
    case 'recovery.confirm': {
      if (!state.selected) return outOfOrder();
      const sent = await withFloor(deps, () => confirmDestination(deps, session, state, target, request.value));
      return isRefusal(sent) ? sent : next({ ...state, sent });
    }
  }
  if (request.name === 'code.verify' && !state.selected) return outOfOrder();
  const proved = await proveStep(deps, session, { flow: 'recovery', account: target.key }, state.sent, request);
  if (!proved) return outOfOrder();
  if ('refuse' in proved) return proved;
  if ('sent' in proved) return next({ ...state, sent: proved.sent });
  const passed = [...state.passed, kindOf(state.selected!)];
  if (state.gate < state.gates) return next({ step: 'recovery-verify', target, gate: state.gate + 1, gates: state.gates, passed });
  // A live code is only ever issued to a real account's own destination.
  const account = target.account as Account;
  return next({ step: 'recovery-password', target, account, gates: state.gates });
}

async function passwordStep(
  { deps, session }: Ctx,
  state: Extract<RecoveryState, { step: 'recovery-password' }>,
  password: string,
  confirm: string,
): Promise<Outcome<FlowState>> {
  if (!password) return invalid('empty');
  if (password !== confirm) return invalid('password-mismatch');
  const verdict = checkPassword(password, passwordContext(deps, state.account));
  if (!verdict.ok) return policy(verdict.reasons);
  try {
    await deps.throttles.ensureReachable();
    await deps.backend.resetPassword(state.account, password);
  } catch (err) {
    if (err instanceof BackendError && err.kind === 'policy-violation') {
      deps.audit.append({ event: 'password.reset.fail', session: session.id, account: state.account.id, outcome: 'refused', detail: { reasons: err.reasons.join(',') } });
      return policy(err.reasons, state.account.privileged || isPrivilegedRefusal(err) ? 'privileged-account' : undefined);
    }
    throw err;
  }
  deps.audit.append({ event: 'password.reset.ok', session: session.id, account: state.account.id, outcome: 'ok' });
  await deps.throttles.clearAccount('recovery', state.target.key);
  const methods = await deps.backend.getMethods(state.account).catch(() => ({}));
  await notifyChange(deps, session, state.account, methods, 'password-reset');
  // "Votre mot de passe a été réinitialisé" shows in a fresh session: nothing of the account outlives the reset.
  return { next: { kind: 'final', step: 'recovery-done' }, end: true };
}

/**
 * Unknown identifiers cost the same backend calls as known ones: a methods read against a decoy account whose
 * id is well formed (a UUID no directory holds) and never carries what the visitor typed. Whatever the
 * directory answers to it, the visitor sees the decoy: the answer about a made-up account says nothing.
 */
async function methodsOf(deps: BrokerDeps, account: Account | null, name: string) {
  if (account) {
    try {
      return await deps.backend.getMethods(account);
    } catch (err) {
      if (err instanceof BackendError && err.kind === 'not-found') return {};
      throw err;
    }
  }
  const subject: Account = { id: decoyAccountId(deps, name), username: 'decoy', displayName: '', disabled: false, locked: false };
  await deps.backend.getMethods(subject).catch((err: unknown) => {
    if (!(err instanceof BackendError && err.kind === 'not-found')) deps.log(`decoy methods read: ${err instanceof Error ? err.message : String(err)}`);
  });
  return {};
}

/** A version-4-shaped UUID from the name's digest: the same for one name, valid as a Graph id or an LDAP RDN value. */
function decoyAccountId(deps: BrokerDeps, name: string): string {
  const hex = nameDigest(deps.decoyKey, 'decoy', `account\0${name}`).toString('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The visitor types the full number (or address) behind the masked hint; only on a match is a code sent.
 * Every attempt counts toward the account's throttle, match or not, real account or decoy.
 */
async function confirmDestination(
  deps: BrokerDeps,
  session: Session,
  state: Extract<RecoveryState, { step: 'recovery-verify' }>,
  target: RecoveryTarget,
  value: string,
): Promise<SentChallenge | Refusal> {
  const option = target.options.find((o) => o.id === state.selected);
  if (!option) return outOfOrder();
  const typed = value.trim();
  if (!typed) return invalid('empty');
  let candidate: string;
  if (option.channel === 'email') {
    const address = emailAddress(typed);
    if (isRefusal(address)) return address;
    candidate = address;
  } else {
    const phone = parsePhone(typed, deps.config.phone.defaultCountry);
    if (!phone.ok) return invalid(phone.reason === 'phone-not-mobile' ? 'destination-mismatch' : phone.reason);
    candidate = phone.e164;
  }
  const expected = target.destinations[option.id];
  if (expected && expected.toLowerCase() === candidate.toLowerCase()) {
    return sendCode(deps, {
      flow: 'recovery', session: session.id, locale: session.locale, account: target.key,
      channel: option.channel, destination: expected,
    });
  }
  const check = { flow: 'recovery' as const, account: target.key, channel: option.channel };
  const verdict = await deps.throttles.reserveNumberCheck(check);
  if (!verdict.allowed) {
    deps.audit.append({ event: 'throttle.hit', session: session.id, account: target.key, outcome: 'refused', detail: { scope: verdict.scope } });
    return throttled(verdict.retryAt);
  }
  deps.audit.append({ event: 'code.fail', session: session.id, account: target.key, outcome: 'refused', detail: { why: 'destination-mismatch' } });
  return invalid('destination-mismatch');
}
