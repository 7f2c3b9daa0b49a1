import { randomUUID } from 'node:crypto';
import type { PublicErrorResponse } from '@microsoft/microsoft-graph-types';

export type Reply = { status: number; headers?: Record<string, string>; json?: unknown; html?: string; bytes?: { type: string; data: Buffer } };

export const noContent = (): Reply => ({ status: 204 });
export const ok = (json: unknown, status = 200): Reply => ({ status, json });

/**
 * Graph's error body: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
 * https://learn.microsoft.com/en-us/graph/errors
 */
export function graphError(status: number, code: string, message: string, requestId: string, clientRequestId: string, headers: Record<string, string> = {}): Reply {
  const body: PublicErrorResponse & { error: { innerError: Record<string, string> } } = {
    error: {
      code,
      message,
      innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': clientRequestId },
    },
  };
  return { status, headers, json: body };
}

/**
 * The identity platform's OAuth error body, with its AADSTS code in `error_description` and `error_codes`.
 * https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes#handling-error-codes-in-your-application
 */
export function oauthError(status: number, error: string, code: number, description: string): Reply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    status,
    json: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

export function redirect(location: string): Reply {
  return { status: 302, headers: { location } };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
