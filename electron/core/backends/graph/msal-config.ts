import { AuthError, ServerError, LogLevel, type Configuration, type INetworkModule, type NodeAuthOptions } from '@azure/msal-node';
import type { GraphSection } from '../../config/sections/graph';
import { BackendError } from '../identity-backend';

/** Hosts msal-node already knows how to discover (public and national clouds). */
const microsoftAuthorityHosts = new Set([
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login.usgovcloudapi.net',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

/** Microsoft Graph of each national cloud: https://learn.microsoft.com/en-us/graph/deployments */
const nationalGraphHosts = new Set(['graph.microsoft.com', 'graph.microsoft.us', 'dod-graph.microsoft.us', 'microsoftgraph.chinacloudapi.cn']);

/**
 * The app-only scope: `{Graph resource}/.default`. A Graph URL on another host (a gateway, a private test
 * service) still addresses Microsoft Graph, so the resource stays graph.microsoft.com.
 */
export function graphScope(graphBaseUrl: string): string {
  const host = new URL(graphBaseUrl).host.toLowerCase();
  return `https://${nationalGraphHosts.has(host) ? host : 'graph.microsoft.com'}/.default`;
}

/**
 * Authority options for any msal application of this tenant. For a host msal does not know, the host is
 * declared as known and given its own discovery metadata, so msal never asks Microsoft's instance-discovery
 * endpoint about it; the OpenID metadata then comes from the host itself.
 */
export function authorityOptions(graph: Pick<GraphSection, 'authorityHost' | 'tenantId'>): Pick<NodeAuthOptions, 'authority' | 'knownAuthorities' | 'cloudDiscoveryMetadata'> {
  const host = new URL(graph.authorityHost);
  const authority = `${host.origin}/${encodeURIComponent(graph.tenantId)}`;
  if (microsoftAuthorityHosts.has(host.host.toLowerCase())) return { authority };
  return {
    authority,
    knownAuthorities: [host.host],
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host.host, preferred_cache: host.host, aliases: [host.host] }],
    }),
  };
}

export function systemOptions(network: INetworkModule): NonNullable<Configuration['system']> {
  return {
    networkClient: network,
    // msal's own logs stay silent and PII-free; failures surface as BackendError details instead.
    loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
  };
}

/** Turns an msal failure into a BackendError whose detail names the AADSTS code, never a secret. */
export function backendErrorFromMsal(e: unknown, what: string): BackendError {
  if (e instanceof BackendError) return e;
  if (e instanceof ServerError) {
    const aadsts = /AADSTS\d+/.exec(e.errorMessage)?.[0] ?? '';
    const detail = `${what}: ${e.errorCode}${aadsts ? ` (${aadsts})` : ''}${e.status ? `, HTTP ${e.status}` : ''}`;
    const transient = e.errorCode === 'temporarily_unavailable' || (e.status !== undefined && e.status >= 500) || e.status === 429;
    return new BackendError(transient ? 'unavailable' : 'permission', detail);
  }
  if (e instanceof AuthError) return new BackendError('unavailable', `${what}: ${e.errorCode}`);
  return new BackendError('unavailable', `${what}: ${e instanceof Error ? e.message : String(e)}`);
}
