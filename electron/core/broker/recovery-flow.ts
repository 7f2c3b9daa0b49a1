import type { RequestName } from '../../../shared/contract';
import { checkPassword } from '../../../shared/password-policy';
import { parsePhone } from '../../../shared/phone';
import type { PasswordContext } from '../../../shared/steps';
import { BackendError, type Account } from '../backends/identity-backend';
import type { BrokerDeps } from './broker-deps';
import { checkCode, sendCode } from './code-sender';
import { FlowError, invalid, outOfOrder, policy, throttled } from './flow-error';
import type { FlowState, RecoveryState, RecoveryTarget, Session } from './flow-state';
import { emailAddress, withFloor } from './inputs';
import { notifyChange } from './notify';
import { spendDeviceLimit } from './device-limits';
import { nameDigest, resolveIdentifier } from './identifier';
import { recoveryTarget } from './recovery-target';

type Payload = Record<string, unknown> & { token: string };

const kindOf = (optionId: string): 'phone' | 'email' => (optionId === 'email' ? 'email' : 'phone');

export function newCaptcha(deps: BrokerDeps): { challenge: ReturnType<BrokerDeps['captcha']['create']>['challenge']; image: string } | undefined {
  return deps.config.recovery.captcha ? deps.captcha.create() : undefined;
}

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
export async function recoveryStep(
  deps: BrokerDeps,
  session: Session,
  state: RecoveryState,
  name: RequestName,
  p: Payload,
  startedAt: number,
): Promise<FlowState> {
  const next = (s: RecoveryState): FlowState => ({ kind: 'recovery', startedAt, state: s });

  switch (state.step) {
    case 'recovery-identify': {
      if (name === 'recovery.captcha-refresh') return next({ ...state, captcha: newCaptcha(deps) });
      if (name === 'recovery.captcha-attendant') {
        if (!state.captcha) break;
        const refused = await deps.attendant.check(String(p.pin), 'captcha', session.id);
        if (refused) throw new FlowError(refused);
        return next({ ...state, captcha: undefined });
      }
      if (name !== 'recovery.identify') break;
      const identifier = String(p.identifier).trim();
      if (!identifier) throw invalid('empty');
      if (state.captcha && !deps.captcha.check(state.captcha.challenge, String(p.captcha))) {
        deps.audit.append({ event: 'captcha.fail', session: session.id, outcome: 'fail' });
        // The used challenge is dead either way: the visitor gets a fresh one with the error.
        state.captcha = newCaptcha(deps);
        throw invalid('captcha-wrong');
      }
      session.chip = identifier;
      const target = await withFloor(deps, async () => {
        await spendDeviceLimit(deps, session, 'identify');
        const { name: key, account } = await resolveIdentifier(deps.backend, deps.config, identifier);
        const methods = await methodsOf(deps, account, key);
        return recoveryTarget(deps, key, account, methods);
      });
      return next({ step: 'recovery-verify', target, gate: 1, gates: deps.config.recovery.methodsRequired, passed: [] });
    }

    case 'recovery-verify': {
      const { target } = state;
      if (name === 'flow.back') return next({ step: 'recovery-identify', identifier: session.chip ?? '', captcha: newCaptcha(deps) });
      if (name === 'recovery.choose') {
        const option = target.options.find((o) => o.id === p.option);
        if (!option || state.passed.includes(kindOf(option.id))) throw invalid('malformed');
        return next({ ...state, selected: option.id, sent: undefined });
      }
      if (name === 'recovery.confirm') {
        if (!state.selected) throw outOfOrder();
        const sent = await withFloor(deps, () => confirmDestination(deps, session, state, target, String(p.value)));
        return next({ ...state, sent });
      }
      if (name === 'code.resend') {
        if (!state.sent) throw outOfOrder();
        const sent = await withFloor(deps, () =>
          sendCode(deps, {
            flow: 'recovery', session: session.id, locale: session.locale, account: target.key,
            channel: state.sent!.channel, destination: state.sent!.destination,
          }),
        );
        return next({ ...state, sent });
      }
      if (name === 'code.verify') {
        if (!state.sent || !state.selected) throw outOfOrder();
        checkCode(deps, state.sent, String(p.code), session.id, target.key);
        const passed = [...state.passed, kindOf(state.selected)];
        // A live code is only ever issued to a real account's own destination.
        const account = target.account as Account;
        if (state.gate < state.gates) return next({ step: 'recovery-verify', target, gate: state.gate + 1, gates: state.gates, passed });
        return next({ step: 'recovery-password', target, account, gates: state.gates });
      }
      break;
    }

    case 'recovery-password': {
      if (name !== 'recovery.password') break;
      const password = String(p.password);
      if (!password) throw invalid('empty');
      if (password !== String(p.confirm)) throw invalid('password-mismatch');
      const verdict = checkPassword(password, passwordContext(deps, state.account));
      if (!verdict.ok) throw policy(verdict.reasons);
      try {
        await deps.throttles.ensureReachable();
        await deps.backend.resetPassword(state.account, password);
      } catch (err) {
        if (err instanceof BackendError && err.kind === 'policy-violation') {
          deps.audit.append({ event: 'password.reset.fail', session: session.id, account: state.account.id, outcome: 'refused', detail: { reasons: err.reasons.join(',') } });
          throw policy(err.reasons, state.account.privileged || (err as { privileged?: boolean }).privileged ? 'privileged-account' : undefined);
        }
        throw err;
      }
      deps.audit.append({ event: 'password.reset.ok', session: session.id, account: state.account.id, outcome: 'ok' });
      await deps.throttles.clearAccount('recovery', state.target.key);
      const methods = await deps.backend.getMethods(state.account).catch(() => ({}));
      await notifyChange(deps, session, state.account, methods, 'password-reset');
      return { kind: 'final', step: 'recovery-done' };
    }
  }
  throw outOfOrder();
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
) {
  const option = target.options.find((o) => o.id === state.selected);
  if (!option) throw outOfOrder();
  const typed = value.trim();
  if (!typed) throw invalid('empty');
  let candidate: string;
  if (option.channel === 'email') {
    candidate = emailAddress(typed);
  } else {
    const phone = parsePhone(typed, deps.config.phone.defaultCountry);
    if (!phone.ok) throw invalid(phone.reason === 'phone-not-mobile' ? 'destination-mismatch' : phone.reason);
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
    throw throttled(verdict.retryAt);
  }
  deps.audit.append({ event: 'code.fail', session: session.id, account: target.key, outcome: 'refused', detail: { why: 'destination-mismatch' } });
  throw new FlowError({ code: 'invalid-input', reason: 'destination-mismatch' });
}
