import type { Account, Methods } from '../backends/identity-backend';
import { noticeMessage, type NoticeKind } from '../delivery/messages';
import type { BrokerDeps } from './broker-deps';
import type { Session } from './flow-state';
import type { MethodKind } from '../../../shared/steps';

/**
 * Tells the account's existing contact points what changed, when and where, and whom to call.
 * `before` is the state before the change, so a replaced address is warned too. A failed notice
 * is logged and never undoes the change it reports.
 */
export async function notifyChange(
  deps: BrokerDeps,
  session: Session,
  account: Account,
  before: Methods,
  kind: NoticeKind,
  method?: MethodKind,
): Promise<void> {
  const channel = deps.delivery.email;
  if (!channel) return;
  const recipients = [...new Set([account.mail, before.email].filter((a): a is string => !!a).map((a) => a.toLowerCase()))];
  const helpdesk = deps.config.organization.helpdesk;
  for (const to of recipients) {
    const message = noticeMessage({
      kind,
      to,
      locale: session.locale,
      organization: deps.config.organization.name,
      account: account.username,
      method,
      when: new Date(deps.clock.now()),
      device: deps.kioskId,
      helpdesk: [helpdesk.phone, helpdesk.email].filter(Boolean).join(' / '),
    });
    try {
      await channel.send(message);
    } catch (err) {
      deps.log(`notice not delivered (${kind}) via ${channel.name}: ${(err as Error).message}`);
    }
  }
}
