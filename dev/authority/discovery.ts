/** Entra's `cloud_instance_name` for the public cloud; the dev authority poses as that cloud. */
export const CLOUD_INSTANCE_NAME = 'microsoftonline.com';

/** What Entra puts in place of the tenant ID in documents served for `common` / `organizations`. */
export const TENANT_PLACEHOLDER = '{tenantid}';

/** The first claims of both versions' `claims_supported`, in Entra's order. */
const SHARED_CLAIMS = [
  'sub',
  'iss',
  'cloud_instance_name',
  'cloud_instance_host_name',
  'cloud_graph_host_name',
  'msgraph_host',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'acr',
];

/** The members v1.0 and v2.0 metadata have in common, endpoints below `base` (`{authority}/{tenant}`). */
const sharedMetadata = (base: string) => ({
  token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
  response_modes_supported: ['query', 'fragment', 'form_post'],
  subject_types_supported: ['pairwise'],
  id_token_signing_alg_values_supported: ['RS256'],
  http_logout_supported: true,
  frontchannel_logout_supported: true,
  kerberos_endpoint: `${base}/kerberos`,
  tenant_region_scope: 'NA',
  cloud_instance_name: CLOUD_INSTANCE_NAME,
  cloud_graph_host_name: 'graph.windows.net',
  msgraph_host: 'graph.microsoft.com',
  rbac_url: 'https://pas.windows.net',
});

/**
 * v2.0 OpenID Provider metadata (OIDC Discovery 1.0 §3), field for field like
 * `https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration`.
 * `pathTenant` is the segment used in endpoint URLs, `issuerTenant` the tenant ID (or `{tenantid}`).
 */
export function openIdConfigurationV2(url: string, pathTenant: string, issuerTenant: string): object {
  const base = `${url}/${pathTenant}`;
  return {
    ...sharedMetadata(base),
    token_endpoint: `${base}/oauth2/v2.0/token`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${url}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      ...SHARED_CLAIMS,
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
  };
}

/**
 * v1.0 metadata, like `https://login.microsoftonline.com/{tenant}/.well-known/openid-configuration`: the
 * issuer is the `sts.windows.net` form that v1.0 access tokens carry.
 */
export function openIdConfigurationV1(url: string, pathTenant: string, issuerTenant: string): object {
  const base = `${url}/${pathTenant}`;
  return {
    ...sharedMetadata(base),
    token_endpoint: `${base}/oauth2/token`,
    jwks_uri: `${base}/discovery/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: `https://sts.windows.net/${issuerTenant}/`,
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${base}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/devicecode`,
    end_session_endpoint: `${base}/oauth2/logout`,
    claims_supported: [...SHARED_CLAIMS, 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname'],
    check_session_iframe: `${base}/oauth2/checksession`,
    userinfo_endpoint: `${base}/openid/userinfo`,
  };
}

/**
 * MSAL instance discovery answer (`/common/discovery/instance?api-version=1.1`): the authority is its own
 * and only alias. `hostAndPort` must include the port because MSAL matches aliases against it.
 */
export function instanceDiscovery(url: string, hostAndPort: string, authorizationEndpoint: string | null) {
  const tenant = /^https:\/\/[^/]+\/([^/]+)\//.exec(authorizationEndpoint ?? '')?.[1] ?? 'common';
  return {
    tenant_discovery_endpoint: `${url}/${tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: hostAndPort, preferred_cache: hostAndPort, aliases: [hostAndPort] }],
  };
}
