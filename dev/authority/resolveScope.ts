import type { DemoTenant } from '../demoTenant';
import { EntraError } from './httpHelpers';

/** Microsoft Graph's well-known application ID. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** OpenID Connect scopes that select ID-token and refresh-token behaviour, not a resource. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

/** A token request's target, resolved the way the v2.0 endpoint resolves `scope`. */
export interface ResourceRequest {
  /** `api`: the tenant's platform API; `graph`: Microsoft Graph or any other https resource. */
  kind: 'api' | 'graph';
  /** The resource identifier exactly as requested (GUID, `api://…`, app ID URI, https URL). */
  resource: string;
  /** Delegated permissions granted (`scp`); for the API its one exposed scope. */
  scopes: string[];
  /** Whether the request used `{resource}/.default`. */
  isDefault: boolean;
  /** OIDC scopes asked for alongside (`openid`, `profile`, `offline_access`, `email`). */
  oidc: string[];
}

const splitScope = (item: string): [string, string] => {
  const slash = item.lastIndexOf('/');
  // A bare permission name ("User.Read") means Microsoft Graph, as on the real v2.0 endpoint.
  if (slash <= 0) return ['https://graph.microsoft.com', item];
  return [item.slice(0, slash), item.slice(slash + 1)];
};

const isApi = (tenant: DemoTenant, resource: string): boolean =>
  resource === tenant.apiAppId ||
  resource === `api://${tenant.apiAppId}` ||
  resource.toLowerCase() === tenant.apiAppIdUri.toLowerCase();

/**
 * Resolves a space-separated `scope` parameter (RFC 6749 §3.3) to one resource. Entra accepts scopes of a
 * single resource per request (AADSTS28000), and for client credentials only `{resource}/.default`
 * (AADSTS1002012).
 */
export function resolveScope(
  tenant: DemoTenant,
  scope: string | undefined,
  flow: 'app' | 'user',
): ResourceRequest {
  const items = (scope ?? '').split(/\s+/).filter(Boolean);
  if (items.length === 0) {
    throw new EntraError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'scope'.",
    );
  }
  const oidc = items.filter((s) => OIDC_SCOPES.has(s));
  const rest = items.filter((s) => !OIDC_SCOPES.has(s));
  const parts = rest.length > 0 ? rest.map(splitScope) : [['https://graph.microsoft.com', 'User.Read']];
  const resource = parts[0]?.[0] ?? '';
  if (parts.some(([r]) => r !== resource)) {
    throw new EntraError(
      400,
      'invalid_scope',
      28000,
      'Provided value for the input parameter scope is not valid because it contains more than one resource.',
    );
  }
  const names = parts.map(([, name]) => name ?? '');
  const isDefault = names.includes('.default');
  if (flow === 'app' && (!isDefault || names.length > 1)) {
    throw new EntraError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${items.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  if (isApi(tenant, resource)) {
    const unknown = names.find((n) => n !== '.default' && n !== tenant.apiScope);
    if (unknown !== undefined) {
      throw new EntraError(
        400,
        'invalid_scope',
        650053,
        `The application asked for scope '${unknown}' that doesn't exist on the resource '${tenant.apiAppId}'.`,
      );
    }
    return { kind: 'api', resource, scopes: [tenant.apiScope], isDefault, oidc };
  }
  if (resource === GRAPH_APP_ID || /^https:\/\/[^\s/]+/i.test(resource)) {
    const scopes = names.filter((n) => n !== '.default');
    return { kind: 'graph', resource, scopes: scopes.length > 0 ? scopes : ['User.Read'], isDefault, oidc };
  }
  throw new EntraError(
    400,
    'invalid_resource',
    500011,
    `The resource principal named ${resource} was not found in the tenant named ${tenant.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  );
}

/** The `scope` value of a user token response: the granted permissions in the requested resource's form. */
export function grantedScope(request: ResourceRequest): string {
  const granted =
    request.kind === 'api' ? request.scopes.map((s) => `${request.resource}/${s}`) : request.scopes;
  return [...granted, ...request.oidc.filter((s) => s !== 'offline_access')].join(' ');
}
