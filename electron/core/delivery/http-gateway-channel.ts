import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DeliveryError, type DeliveryChannel, type Message } from './channel';
import { HttpTransportError, httpRequest } from './http-request';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export type HttpGatewayOptions = {
  /** May hold placeholders, which are URL-encoded. */
  url: string;
  method: 'POST' | 'PUT' | 'GET';
  headers: Record<string, string>;
  body?: { format: 'json'; template: Json } | { format: 'form'; template: Record<string, string> };
  sender?: string;
  /** Resolved credential header, e.g. { name: 'Authorization', value: 'App 0123…' }. */
  authHeader?: { name: string; value: string };
  successStatuses: readonly number[];
  successPattern?: string;
  ca?: string;
  timeoutMs: number;
};

type Placeholders = Record<'to' | 'to_digits' | 'to_national' | 'text' | 'sender', string>;

/**
 * SMS through an operator's or aggregator's HTTP API, described entirely by configuration: the request is built from
 * templates, and success is a status (and optionally a body pattern) the gateway documents.
 */
export function createHttpGatewayChannel(options: HttpGatewayOptions): DeliveryChannel {
  const successPattern = options.successPattern === undefined ? undefined : new RegExp(options.successPattern);
  return {
    name: 'http-gateway',
    async send(message: Message) {
      const values = placeholders(message, options.sender ?? '');
      const url = new URL(fill(options.url, values, encodeURIComponent));
      const headers: Record<string, string> = {};
      let body: string | undefined;
      if (options.body?.format === 'json') {
        headers['Content-Type'] = 'application/json';
        // Placeholders are filled inside the parsed document, so JSON.stringify does all the escaping.
        body = JSON.stringify(fillJson(options.body.template, values));
      } else if (options.body?.format === 'form') {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        const fields = Object.entries(options.body.template).map(([name, value]): [string, string] => [name, fill(value, values, (v) => v)]);
        body = new URLSearchParams(fields).toString();
      }
      Object.assign(headers, options.headers);
      if (options.authHeader) headers[options.authHeader.name] = options.authHeader.value;

      let answer;
      try {
        answer = await httpRequest({ url, method: options.method, headers, body, ca: options.ca, timeoutMs: options.timeoutMs });
      } catch (err) {
        const code = err instanceof HttpTransportError ? err.code : 'request failed';
        throw new DeliveryError(message.channel, code === 'timeout' ? `http-gateway: no answer within ${options.timeoutMs} ms` : `http-gateway: ${code}`);
      }
      if (!options.successStatuses.includes(answer.status)) {
        throw new DeliveryError(message.channel, `http-gateway: HTTP ${answer.status}`);
      }
      if (successPattern && !successPattern.test(answer.body)) {
        throw new DeliveryError(message.channel, `http-gateway: HTTP ${answer.status} but the answer does not match successPattern`);
      }
    },
  };
}

function placeholders(message: Message, sender: string): Placeholders {
  const phone = parsePhoneNumberFromString(message.to);
  if (!phone) throw new DeliveryError(message.channel, 'http-gateway: destination is not an international phone number');
  return {
    to: phone.number,
    to_digits: phone.number.slice(1),
    // National digits with the trunk prefix, as dialled inside the country (0612345678 in Morocco).
    to_national: phone.formatNational().replace(/\D/g, ''),
    text: message.text,
    sender,
  };
}

const placeholderPattern = /\{(to|to_digits|to_national|text|sender)\}/g;

function fill(template: string, values: Placeholders, encode: (value: string) => string): string {
  return template.replace(placeholderPattern, (_, name: keyof Placeholders) => encode(values[name]));
}

function fillJson(template: Json, values: Placeholders): Json {
  if (typeof template === 'string') return fill(template, values, (v) => v);
  if (Array.isArray(template)) return template.map((item) => fillJson(item, values));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, fillJson(value, values)]));
  }
  return template;
}
