import type { Channel as ChannelName } from '../../../shared/steps';
import { DeliveryError } from './channel';
import { HttpTransportError, httpRequest } from './http-request';

export type TwilioAccount = {
  accountSid: string;
  /** Set when authenticating with an API key (SK…) instead of the account SID. */
  apiKeySid?: string;
  /** Auth token, or the API key secret. */
  authToken: string;
  baseUrl: string;
  ca?: string;
  timeoutMs: number;
};

/**
 * Creates a resource of Twilio's 2010-04-01 REST API: `POST /2010-04-01/Accounts/{AccountSid}/{Resource}.json`,
 * form-encoded parameters, HTTP basic auth (account SID or API key SID : auth token or key secret); 201 Created on
 * success, otherwise a JSON error `{ code, message, more_info, status }`.
 * https://www.twilio.com/docs/usage/api#authenticate-with-http and https://www.twilio.com/docs/usage/twilios-response
 */
export async function createTwilioResource(
  account: TwilioAccount,
  resource: 'Messages' | 'Calls',
  params: Record<string, string>,
  channel: ChannelName,
  provider: string,
): Promise<void> {
  const url = new URL(`2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/${resource}.json`, withSlash(account.baseUrl));
  const user = account.apiKeySid ?? account.accountSid;
  let answer;
  try {
    answer = await httpRequest({
      url,
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${user}:${account.authToken}`, 'utf8').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams(params).toString(),
      ca: account.ca,
      timeoutMs: account.timeoutMs,
    });
  } catch (err) {
    const code = err instanceof HttpTransportError ? err.code : 'request failed';
    throw new DeliveryError(channel, code === 'timeout' ? `${provider}: no answer within ${account.timeoutMs} ms` : `${provider}: ${code}`);
  }
  if (answer.status === 200 || answer.status === 201) return;
  // Twilio's `message` can quote the destination number, so only its numeric code goes to the log.
  const twilioCode = errorCode(answer.body);
  throw new DeliveryError(channel, `${provider}: HTTP ${answer.status}${twilioCode ? `, Twilio error ${twilioCode}` : ''}`);
}

function errorCode(body: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const code = parsed && typeof parsed === 'object' ? (parsed as { code?: unknown }).code : undefined;
    return typeof code === 'number' ? code : undefined;
  } catch {
    return undefined;
  }
}

function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}
