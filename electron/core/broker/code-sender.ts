import type { Channel } from '../../../shared/steps';
import { maskEmail, maskPhone } from '../../../shared/mask';
import { DeliveryError } from '../delivery/channel';
import { codeMessage } from '../delivery/messages';
import type { BrokerDeps } from './broker-deps';
import { refuse, throttled, type Refusal } from './flow';
import type { SentChallenge } from './flow-state';

export type CodeRequest = {
  flow: 'enrollment' | 'recovery';
  session: string;
  locale: string;
  /** Throttle and binding key of the account. */
  account: string;
  channel: Channel;
  /** E.164 phone or email address. */
  destination: string;
};

export const maskDestination = (channel: Channel, destination: string) =>
  channel === 'email' ? maskEmail(destination) : maskPhone(destination);

/**
 * Issues a code and delivers it. Quotas are reserved before the provider is asked and given back if it
 * refuses, so a gateway failure costs the visitor nothing. The new challenge replaces any older one.
 */
export async function sendCode(deps: BrokerDeps, req: CodeRequest): Promise<SentChallenge | Refusal> {
  const now = deps.clock.now();
  const key = { flow: req.flow, account: req.account, channel: req.channel, destination: req.destination, kiosk: deps.kioskId };
  const verdict = await deps.throttles.reserveSend(key);
  if (!verdict.allowed) {
    deps.audit.append({ event: 'throttle.hit', session: req.session, account: req.account, outcome: 'refused', detail: { scope: verdict.scope, channel: req.channel } });
    return throttled(verdict.retryAt);
  }
  const channel = deps.delivery[req.channel];
  if (!channel) {
    await verdict.release();
    return refuse({ code: 'delivery-unavailable' });
  }
  const { code, challenge } = deps.codes.issue({ session: req.session, account: req.account, channel: req.channel, destination: req.destination });
  const message = codeMessage({
    channel: req.channel,
    to: req.destination,
    code,
    locale: req.locale,
    organization: deps.config.organization.name,
    organizationShort: deps.config.organization.shortName,
    ttlMinutes: Math.max(1, Math.round(deps.config.security.code.ttlSeconds / 60)),
  });
  try {
    await channel.send(message);
  } catch (err) {
    const detail = err instanceof DeliveryError ? err.message : 'unexpected delivery failure';
    deps.log(`delivery failed: ${req.channel} via ${channel.name}: ${detail}`);
    deps.audit.append({ event: 'delivery.failed', session: req.session, account: req.account, outcome: 'fail', detail: { channel: req.channel, to: maskDestination(req.channel, req.destination) } });
    await verdict.release();
    return refuse({ code: 'delivery-unavailable' });
  }
  // The code is on its way: a block that cannot be written now is written by the next send, which the full window refuses anyway.
  await verdict.confirm().catch((err: unknown) => deps.log(`throttle block not recorded: ${err instanceof Error ? err.message : String(err)}`));
  deps.audit.append({ event: 'code.sent', session: req.session, account: req.account, outcome: 'ok', detail: { channel: req.channel, to: maskDestination(req.channel, req.destination) } });
  return { challenge, channel: req.channel, destination: req.destination, resendAt: now + deps.config.security.code.resendSeconds * 1000 };
}

/** Checks a typed code against the session's newest challenge; wrong, expired and dead codes are refusals. */
export function checkCode(deps: BrokerDeps, sent: SentChallenge, input: string, session: string, account: string): Refusal | undefined {
  const binding = { session, account, channel: sent.channel, destination: sent.destination };
  const verdict = deps.codes.check(sent.challenge, input, binding);
  if (verdict === 'ok') {
    deps.audit.append({ event: 'code.ok', session, account, outcome: 'ok', detail: { channel: sent.channel } });
    return undefined;
  }
  deps.audit.append({ event: 'code.fail', session, account, outcome: 'fail', detail: { channel: sent.channel, why: verdict } });
  const reason = verdict === 'expired' ? 'code-expired' : verdict === 'dead' ? 'code-dead' : 'code-wrong';
  return refuse({ code: 'invalid-input', reason });
}
