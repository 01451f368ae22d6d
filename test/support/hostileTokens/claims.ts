import { DEMO_TENANT, demoClient } from '../../../dev/demoTenant';
import type { ClassCases } from './hostileCase';
import { GRAPH_APP_ID, homoglyph, OTHER_TENANT } from './tokenForge';

/**
 * Validly signed tokens whose claims say they are not for us: the issuer and tenant
 * (RFC 8725 §3.8; Entra signs every tenant's tokens with the same keys, so a trusted key
 * proves nothing about the tenant), the audience (§3.9, with Unicode look-alikes), tokens
 * meant for Microsoft Graph (which a resource cannot validate: their header carries a
 * `nonce`), and the lifetime (RFC 7519 §4.1.4–§4.1.6).
 */
export const claimCases: ClassCases = {
  'issuer, tenant and version': (f) => {
    const tid = DEMO_TENANT.tenantId;
    return [
      {
        name: 'issuer of another host',
        reason: 'issuer_mismatch',
        token: () => f.resign({ iss: `https://evil.example.com/${tid}/v2.0` }),
      },
      {
        name: 'v1 issuer on a v2 token',
        reason: 'issuer_mismatch',
        token: () => f.resign({ iss: `https://sts.windows.net/${tid}/` }),
      },
      {
        name: 'other tenant, trusted key',
        reason: 'tenant_not_allowed',
        token: () => f.resign({ tid: OTHER_TENANT, iss: f.v2Issuer().replace(tid, OTHER_TENANT) }),
      },
      {
        name: 'our tid, issuer of another tenant',
        reason: 'issuer_mismatch',
        token: () => f.resign({ iss: f.v2Issuer().replace(tid, OTHER_TENANT) }),
      },
      {
        name: 'look-alike tenant ID (fullwidth digit)',
        reason: 'tenant_not_allowed',
        token: () => f.resign({ tid: `\uff10${tid.slice(1)}` }),
      },
      {
        name: 'tid with a zero-width space',
        reason: 'tenant_not_allowed',
        token: () => f.resign({ tid: `${tid}\u200b` }),
      },
      { name: 'tid empty', reason: 'tenant_not_allowed', token: () => f.resign({ tid: '' }) },
      {
        name: 'v1 token of another tenant',
        reason: 'tenant_not_allowed',
        token: () => f.resignV1({ tid: OTHER_TENANT, iss: `https://sts.windows.net/${OTHER_TENANT}/` }),
      },
      {
        name: 'v1 token, our tid, issuer of another tenant',
        reason: 'issuer_mismatch',
        token: () => f.resignV1({ iss: `https://sts.windows.net/${OTHER_TENANT}/` }),
      },
      {
        name: 'v1 token with the v2 issuer',
        reason: 'issuer_mismatch',
        token: async () => f.resignV1({ iss: `${f.authority().url}/${tid}/v2.0` }),
      },
      {
        name: 'v1 token with the China issuer',
        reason: 'issuer_mismatch',
        token: () => f.resignV1({ iss: `https://sts.chinacloudapi.cn/${tid}/` }),
      },
      { name: 'unaccepted version', reason: 'version_not_accepted', token: () => f.resign({ ver: '3.0' }) },
    ];
  },
  audience: (f) => [
    {
      name: 'other audience',
      reason: 'audience_mismatch',
      token: () => f.resign({ aud: '11111111-2222-4333-8444-555555555555' }),
    },
    {
      name: 'audience as api:// of another app',
      reason: 'audience_mismatch',
      token: () => f.resign({ aud: 'api://other' }),
    },
    {
      name: 'aud with a Cyrillic look-alike',
      reason: 'audience_mismatch',
      token: () => f.resign({ aud: homoglyph(DEMO_TENANT.apiAppId) }),
    },
    {
      name: 'aud with a zero-width space',
      reason: 'audience_mismatch',
      token: () => f.resign({ aud: `${DEMO_TENANT.apiAppId}\u200b` }),
    },
    {
      name: 'api:// aud with a fullwidth colon',
      reason: 'audience_mismatch',
      token: () => f.resign({ aud: DEMO_TENANT.apiAppIdUri.replace(':', '\uff1a') }),
    },
    {
      name: 'ID token for the client app',
      reason: 'audience_mismatch',
      token: () => f.resign({ aud: demoClient('web').appId, scp: undefined, nonce: 'n' }),
    },
  ],
  'graph token': (f) => [
    {
      name: 'token for Microsoft Graph',
      reason: 'wrong_audience_graph_token',
      token: () => f.resign({ aud: 'https://graph.microsoft.com' }),
    },
    {
      name: 'Graph app ID audience',
      reason: 'wrong_audience_graph_token',
      token: () => f.resign({ aud: GRAPH_APP_ID }),
    },
    {
      name: 'nonce header (Graph token)',
      reason: 'wrong_audience_graph_token',
      token: () => f.resign({}, { nonce: 'abc' }),
    },
    {
      name: 'v1 Graph token with nonce',
      reason: 'wrong_audience_graph_token',
      token: async () =>
        f
          .authority()
          .sign(
            { ...(await f.claims(1)), aud: 'https://graph.microsoft.com', scp: 'User.Read' },
            { header: { nonce: 'QvBlMwZ3cH8K1d2pQe5W9x0Yz', x5t: 'x' } },
          ),
    },
    {
      name: 'v1 Graph app-ID audience with trailing slash',
      reason: 'wrong_audience_graph_token',
      token: () => f.resignV1({ aud: 'https://graph.microsoft.com/' }),
    },
    {
      name: 'our audience but a nonce header',
      reason: 'wrong_audience_graph_token',
      token: () => f.resignV1({}, { nonce: 'abc' }),
    },
    {
      name: 'audience list naming us and Graph',
      reason: 'wrong_audience_graph_token',
      token: () => f.resign({ aud: [DEMO_TENANT.apiAppId, GRAPH_APP_ID] }),
    },
  ],
  lifetime: (f) => [
    {
      name: 'expired',
      reason: 'token_expired',
      token: () => f.resign({ iat: f.now() - 7200, nbf: f.now() - 7200, exp: f.now() - 3600 }),
    },
    {
      name: 'not yet valid',
      reason: 'token_not_yet_valid',
      token: () => f.resign({ nbf: f.now() + 3600, exp: f.now() + 7200 }),
    },
    {
      name: 'issued in the future',
      reason: 'token_issued_in_future',
      token: () => f.resign({ iat: f.now() + 3600 }),
    },
  ],
};
