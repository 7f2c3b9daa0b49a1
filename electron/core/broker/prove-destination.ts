import type { Channel } from '../../../shared/steps';
import type { BrokerDeps } from './broker-deps';
import { checkCode, sendCode } from './code-sender';
import { isRefusal, outOfOrder, type FlowRequest, type Refusal } from './flow';
import type { SentChallenge, Session } from './flow-state';
import { withFloor } from './inputs';

/**
 * The sub-flow that proves a visitor holds a destination (a phone, a mailbox): send a code, resend it once the
 * cooldown is over, check what the visitor types. Quotas, cooldowns and attempts live in `sendCode`, the throttles
 * and the code service; this is the one place the enrollment of a phone, of an email and recovery go through them.
 */
export type Proof = {
  flow: 'enrollment' | 'recovery';
  /** Throttle and binding key of the account (recovery: the decoy's key for an unknown name). */
  account: string;
};

/** `sent`: a code is on its way (first send or resend). `proven`: the visitor typed the right code for it. */
export type ProofOutcome = { sent: SentChallenge } | { proven: SentChallenge } | Refusal;

/** Recovery answers about accounts that may not exist: how long its sends take says nothing about which. */
const padded = <T>(deps: BrokerDeps, proof: Proof, work: () => Promise<T>) => (proof.flow === 'recovery' ? withFloor(deps, work) : work());

export async function sendProof(deps: BrokerDeps, session: Session, proof: Proof, channel: Channel, destination: string): Promise<ProofOutcome> {
  const sent = await padded(deps, proof, () =>
    sendCode(deps, { flow: proof.flow, session: session.id, locale: session.locale, account: proof.account, channel, destination }),
  );
  return isRefusal(sent) ? sent : { sent };
}

/** `code.resend` and `code.verify` for the code in `sent`; any other request is not the sub-flow's (undefined). */
export async function proveStep(
  deps: BrokerDeps,
  session: Session,
  proof: Proof,
  sent: SentChallenge | undefined,
  request: FlowRequest,
): Promise<ProofOutcome | undefined> {
  if (request.name !== 'code.resend' && request.name !== 'code.verify') return undefined;
  if (!sent) return outOfOrder();
  if (request.name === 'code.resend') return sendProof(deps, session, proof, sent.channel, sent.destination);
  return checkCode(deps, sent, request.code, session.id, proof.account) ?? { proven: sent };
}
