import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { type LocalAuthority, startAuthority } from './authority';
import { DEMO_TENANT, type DemoTenant } from './demoTenant';
import { type LocalGraph, startGraph } from './graph';
import type { PemPair } from './tls';

export interface LocalIdentity {
  readonly authority: LocalAuthority;
  readonly graph: LocalGraph;
  close(): Promise<void>;
}

export interface LocalIdentityOptions {
  tls: PemPair;
  tenant?: DemoTenant;
  authorityPort?: number;
  /** Plain-http loopback port of the authority's browser-facing listener (see `startAuthority`). */
  authorityBrowserPort?: number;
  graphPort?: number;
  deviceCodeIntervalSeconds?: number;
}

/**
 * The local Entra authority and the local Graph directory of one demo tenant, wired the
 * way the real ones are: Graph accepts only tokens the authority issued for Graph's
 * resource, signed by the authority's current keys, and grants what their `roles` say.
 */
export async function startLocalIdentity(options: LocalIdentityOptions): Promise<LocalIdentity> {
  const tenant = options.tenant ?? DEMO_TENANT;
  const authority = await startAuthority({
    tls: options.tls,
    tenants: [tenant],
    port: options.authorityPort ?? 0,
    browserPort: options.authorityBrowserPort,
    deviceCodeIntervalSeconds: options.deviceCodeIntervalSeconds,
  });
  let graphUrl = '';
  const graph = await startGraph({
    tls: options.tls,
    tenant,
    port: options.graphPort ?? 0,
    authorize: async (token) => {
      try {
        const keys = createLocalJWKSet(authority.publicJwks(tenant.tenantId) as JSONWebKeySet);
        const { payload } = await jwtVerify(token, keys, {
          algorithms: ['RS256'],
          audience: [graphUrl, 'https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'],
        });
        if (payload.tid !== tenant.tenantId) return null;
        return { roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [] };
      } catch {
        return null;
      }
    },
  });
  graphUrl = graph.url;
  return {
    authority,
    graph,
    close: async () => {
      await Promise.all([authority.close(), graph.close()]);
    },
  };
}
