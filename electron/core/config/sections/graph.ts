import { z } from 'zod';
import { secretRef } from './secret-ref';
import { whenReadKeysValid } from '../when-read-keys-valid';

export const graphSection = z
  .strictObject({
    tenantId: z.string().min(1).describe('Directory (tenant) id.'),
    clientId: z.string().min(1).describe('Application (client) id of the app registration.'),
    clientSecret: secretRef.optional().describe('Client secret, as secret:NAME.'),
    certificateThumbprint: z
      .string()
      .regex(/^(?:[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64})$/, 'expected the hex thumbprint of the certificate (SHA-1: 40 digits, SHA-256: 64 digits)')
      .optional()
      .describe('Thumbprint of the certificate credential (instead of a client secret): SHA-256 (64 hex digits) preferred, SHA-1 (40) accepted.'),
    privateKey: secretRef.optional().describe('PEM private key of the certificate credential, as secret:NAME.'),
    authorityHost: z.url().default('https://login.microsoftonline.com').describe('Token authority host (sovereign clouds: their own login host).'),
    graphBaseUrl: z.url().default('https://graph.microsoft.com/v1.0').describe('Microsoft Graph base URL, version included.'),
    caFile: z.string().optional().describe('PEM CA file trusted for the authority and Graph, besides the system CAs (private clouds, test service).'),
    userFilter: z.string().optional().describe('Object id of a group: only its members (direct or nested) are served.'),
    redirectUri: z
      .string()
      .default('http://localhost/guichet-signin')
      .describe('Redirect URI of the sign-in window, registered under "Mobile and desktop applications"; Guichet intercepts it, nothing listens there.'),
  })
  .superRefine((_value, ctx) => {
    const g = ctx.value;
    const certificate = g.certificateThumbprint !== undefined || g.privateKey !== undefined;
    if (g.clientSecret === undefined && !certificate) {
      ctx.issues.push({ code: 'custom', message: 'backend.graph needs clientSecret, or certificateThumbprint with privateKey', path: ['clientSecret'], input: g });
    }
    if (g.clientSecret !== undefined && certificate) {
      ctx.issues.push({ code: 'custom', message: 'backend.graph takes clientSecret or a certificate, not both', path: ['clientSecret'], input: g });
    }
    if (certificate && (g.certificateThumbprint === undefined || g.privateKey === undefined)) {
      ctx.issues.push({ code: 'custom', message: 'certificateThumbprint and privateKey go together', path: ['certificateThumbprint'], input: g });
    }
  }, whenReadKeysValid(['clientSecret'], ['certificateThumbprint'], ['privateKey']))
  .describe('Microsoft Entra ID through Microsoft Graph.');

export type GraphSection = z.output<typeof graphSection>;
