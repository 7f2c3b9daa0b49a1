import { AuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../identity-backend';
import { authorityOptions, backendErrorFromMsal, graphScope } from './msal-config';

describe('authorityOptions', () => {
  it("leaves Microsoft's own authority hosts to msal's discovery", () => {
    expect(authorityOptions({ authorityHost: 'https://login.microsoftonline.com', tenantId: 'contoso-id' })).toEqual({
      authority: 'https://login.microsoftonline.com/contoso-id',
    });
  });

  it('declares any other host as known, with its own discovery metadata, so msal never asks Microsoft about it', () => {
    const options = authorityOptions({ authorityHost: 'https://127.0.0.1:8443/', tenantId: 'tid' });
    expect(options.authority).toBe('https://127.0.0.1:8443/tid');
    expect(options.knownAuthorities).toEqual(['127.0.0.1:8443']);
    expect(JSON.parse(options.cloudDiscoveryMetadata ?? '{}')).toEqual({
      tenant_discovery_endpoint: 'https://127.0.0.1:8443/tid/v2.0/.well-known/openid-configuration',
      'api-version': '1.1',
      metadata: [{ preferred_network: '127.0.0.1:8443', preferred_cache: '127.0.0.1:8443', aliases: ['127.0.0.1:8443'] }],
    });
  });
});

describe('backendErrorFromMsal', () => {
  it('turns a refused credential into a permission error naming the AADSTS code only', () => {
    const e = backendErrorFromMsal(
      new ServerError('invalid_client', 'corr', 'AADSTS7000215: Invalid client secret provided. Trace ID: x', undefined, '7000215', 401),
      'app token request',
    );
    expect(e).toBeInstanceOf(BackendError);
    expect(e.kind).toBe('permission');
    expect(e.message).toBe('app token request: invalid_client (AADSTS7000215), HTTP 401');
  });

  it('treats server trouble and network failures as unavailable', () => {
    expect(backendErrorFromMsal(new ServerError('temporarily_unavailable', 'c', 'AADSTS50196: loop'), 't').kind).toBe('unavailable');
    expect(backendErrorFromMsal(new ServerError('server_error', 'c', 'x', undefined, undefined, 503), 't').kind).toBe('unavailable');
    expect(backendErrorFromMsal(new AuthError('network_error', 'c', 'Network request failed'), 't').kind).toBe('unavailable');
    expect(backendErrorFromMsal(new Error('boom'), 't').kind).toBe('unavailable');
  });

  it('passes BackendErrors through', () => {
    const original = new BackendError('permission', 'x');
    expect(backendErrorFromMsal(original, 't')).toBe(original);
  });
});

describe('graphScope', () => {
  it("asks for each national cloud's Graph, and for Microsoft Graph behind any other host", () => {
    expect(graphScope('https://graph.microsoft.com/v1.0')).toBe('https://graph.microsoft.com/.default');
    expect(graphScope('https://graph.microsoft.us/v1.0')).toBe('https://graph.microsoft.us/.default');
    expect(graphScope('https://microsoftgraph.chinacloudapi.cn/v1.0')).toBe('https://microsoftgraph.chinacloudapi.cn/.default');
    expect(graphScope('https://127.0.0.1:8443/v1.0')).toBe('https://graph.microsoft.com/.default');
  });
});
