import { ConfidentialClientApplication, type INetworkModule, type NodeAuthOptions } from '@azure/msal-node';
import type { GraphSection } from '../../config/sections/graph';
import { BackendError } from '../identity-backend';
import type { TokenSource } from './graph-client';
import { authorityOptions, backendErrorFromMsal, systemOptions } from './msal-config';

/** Secrets already resolved from their `secret:NAME` references. */
export type GraphSecrets = { clientSecret?: string; privateKey?: string };

export function createConfidentialClient(graph: GraphSection, secrets: GraphSecrets, network: INetworkModule): ConfidentialClientApplication {
  const auth: NodeAuthOptions = { clientId: graph.clientId, ...authorityOptions(graph) };
  if (graph.clientSecret !== undefined) {
    if (!secrets.clientSecret) throw new BackendError('permission', 'backend.graph.clientSecret did not resolve to a value');
    auth.clientSecret = secrets.clientSecret;
  } else {
    const thumbprint = graph.certificateThumbprint;
    if (!thumbprint || !secrets.privateKey) throw new BackendError('permission', 'backend.graph certificate credential is incomplete');
    auth.clientCertificate =
      thumbprint.length === 64
        ? { thumbprintSha256: thumbprint.toLowerCase(), privateKey: secrets.privateKey }
        : { thumbprint: thumbprint.toLowerCase(), privateKey: secrets.privateKey };
  }
  return new ConfidentialClientApplication({ auth, system: systemOptions(network) });
}

/**
 * App-only tokens for Graph. msal keeps the token in memory and renews it five minutes before it expires;
 * concurrent callers share one request, and a token Graph refused (401) is replaced once, by whoever asks first.
 */
export function createAppTokenSource(cca: ConfidentialClientApplication, scope: string): TokenSource {
  let latest: string | undefined;
  let pending: Promise<string> | undefined;
  let pendingFresh = false;

  const acquire = (fresh: boolean): Promise<string> => {
    const p = cca
      .acquireTokenByClientCredential({ scopes: [scope], skipCache: fresh })
      .then((r) => {
        if (!r?.accessToken) throw new BackendError('unavailable', 'token request returned no access token');
        latest = r.accessToken;
        return r.accessToken;
      })
      .catch((e: unknown) => {
        throw backendErrorFromMsal(e, 'app token request');
      })
      .finally(() => {
        if (pending === p) pending = undefined;
      });
    pending = p;
    pendingFresh = fresh;
    return p;
  };

  return (refused) => {
    const fresh = refused !== undefined && refused === latest;
    if (pending && (pendingFresh || !fresh)) return pending;
    return acquire(fresh);
  };
}
