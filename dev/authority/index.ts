import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DEMO_TENANT, type DemoClientApp, type DemoTenant, type DemoUser, demoClient } from '../demoTenant';
import type { PemPair } from '../tls';
import { AuthCodeStore } from './authCodeStore';
import { CLOUD_INSTANCE_NAME, TENANT_PLACEHOLDER } from './discovery';
import { DeviceCodeStore, type PendingDeviceCode } from './deviceCodeStore';
import { KeyRing } from './keys';
import { type AuthorityFaults, type AuthorityStats, createRouter } from './router';
import { findUser, TenantRegistry } from './tenantRegistry';
import { type SignOptions, TokenIssuer } from './tokenIssuer';

export type { AuthorityFaults, AuthorityStats } from './router';
export type { PendingDeviceCode } from './deviceCodeStore';
export type { SignOptions } from './tokenIssuer';

/** Options of {@link startAuthority}. */
export interface AuthorityOptions {
  /** Server certificate and key (see `issueServerCert` in `dev/tls.ts`). */
  tls: PemPair;
  /** Tenants served, used as given (not copied): mutate them to change memberships. Default `[DEMO_TENANT]`. */
  tenants?: DemoTenant[];
  /** 0 picks a free port. */
  port?: number;
  /**
   * Also serve the browser-facing endpoints (sign-in page, token endpoint with CORS, discovery)
   * over plain http on this loopback port, so that a browser signs in without a certificate
   * warning (browsers treat http://127.0.0.1 as a secure context). 0 picks a free port;
   * unset: no such listener. Tokens name the https authority as their issuer either way.
   */
  browserPort?: number;
  host?: string;
  /** Polling interval the device code endpoint announces (Entra: 5). */
  deviceCodeIntervalSeconds?: number;
  /** Clock in milliseconds, for token times and device-code expiry. */
  now?: () => number;
}

/** Options of {@link LocalAuthority.userToken}. */
export interface UserTokenOptions {
  tenantId?: string;
  /** The user, or their object ID or UPN. */
  user: DemoUser | string;
  /** Default: the demo `web` client. Unknown IDs are accepted, as a token for an unregistered client. */
  clientAppId?: string;
  version?: 1 | 2;
  scopes?: string[];
  audience?: string;
  lifetimeSeconds?: number;
  /** Merged last; `undefined` deletes a claim. */
  overrides?: Record<string, unknown>;
}

/** Options of {@link LocalAuthority.appToken}. */
export interface AppTokenOptions {
  tenantId?: string;
  clientAppId: string;
  version?: 1 | 2;
  /** Default: the client's `apiAppRoles`. */
  roles?: string[];
  audience?: string;
  lifetimeSeconds?: number;
  overrides?: Record<string, unknown>;
}

/** A running local Entra ID authority. */
export interface LocalAuthority {
  /** `https://127.0.0.1:PORT` — the value for `OAUTH_AUTHORITY_HOST`. */
  url: string;
  /** `http://127.0.0.1:PORT` of the browser-facing listener, when `browserPort` was given. */
  browserUrl: string | undefined;
  close(): Promise<void>;
  /** The live tenant data. */
  tenant(tenantId: string): DemoTenant;
  /** Signs any claims with a live (or retired) key, RS256 whatever the header says — for hostile tokens. */
  sign(payload: Record<string, unknown>, options?: SignOptions): Promise<string>;
  /** Entra-shaped delegated access token (v1 or v2 claim set) for the platform API. */
  userToken(options: UserTokenOptions): Promise<string>;
  /** Entra-shaped app-only (client credentials) access token for the platform API. */
  appToken(options: AppTokenOptions): Promise<string>;
  /** Publishes a new key first in the set and makes it the signer; returns its `kid`. */
  rotateKeys(): Promise<string>;
  /** Removes a key from the published set. */
  retireKey(kid: string): void;
  /** The key set as served; with a tenant ID its `issuer` names that tenant, else `{tenantid}`. */
  publicJwks(tenantId?: string): { keys: object[] };
  /** Approves a pending device code as `user` (object, object ID or UPN); false if no such live code. */
  approveDeviceCode(userCode: string, user: DemoUser | string): boolean;
  pendingDeviceCodes(): PendingDeviceCode[];
  faults: AuthorityFaults;
  stats: AuthorityStats;
}

const adHocClient = (appId: string): DemoClientApp => ({
  appId,
  displayName: 'Unregistered client',
  secret: null,
  servicePrincipalId: randomUUID(),
  apiAppRoles: [],
  graphAppRoles: [],
});

/**
 * Starts a protocol-faithful local Entra ID authority over HTTPS: discovery, key sets, token and device
 * code endpoints, plus helpers that mint Entra-shaped tokens directly.
 *
 * @example
 * const ca = await createDevCa();
 * const authority = await startAuthority({ tls: await issueServerCert(ca) });
 * const token = await authority.userToken({ user: 'bob@contoso.test' });
 */
export async function startAuthority(options: AuthorityOptions): Promise<LocalAuthority> {
  const nowMs = options.now ?? Date.now;
  const registry = new TenantRegistry(options.tenants ?? [DEMO_TENANT]);
  const keys = await KeyRing.create();
  let url = '';
  const issuer = new TokenIssuer(keys, () => url, nowMs);
  const deviceCodes = new DeviceCodeStore(options.deviceCodeIntervalSeconds ?? 5, nowMs);
  const faults: AuthorityFaults = { jwksDown: false, jwksDelayMs: 0 };
  const stats: AuthorityStats = {
    jwksRequests: 0,
    discoveryRequests: 0,
    tokenRequests: 0,
    reset() {
      stats.jwksRequests = 0;
      stats.discoveryRequests = 0;
      stats.tokenRequests = 0;
    },
  };
  const router = createRouter({
    registry,
    keys,
    issuer,
    deviceCodes,
    refreshTokens: new Map(),
    authCodes: new AuthCodeStore(nowMs),
    nowMs,
    faults,
    stats,
    url: () => url,
  });
  const server = createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, router);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `https://${host}:${address.port}`;
  let browserServer: Server | undefined;
  let browserUrl: string | undefined;
  if (options.browserPort !== undefined) {
    const plain = createHttpServer(router);
    browserServer = plain;
    await new Promise<void>((resolve, reject) => {
      plain.once('error', reject);
      plain.listen(options.browserPort, '127.0.0.1', () => resolve());
    });
    browserUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  }

  const tenantOf = (tenantId?: string) => (tenantId ? registry.get(tenantId) : registry.first);
  const clientOf = (tenant: DemoTenant, appId: string) =>
    tenant.clients.find((c) => c.appId === appId) ?? adHocClient(appId);
  const userOf = (tenant: DemoTenant, user: DemoUser | string) => {
    const found = typeof user === 'string' ? findUser(tenant, user) : user;
    if (!found) throw new Error(`no user ${String(user)} in tenant ${tenant.tenantId}`);
    return found;
  };
  const audienceOf = (tenant: DemoTenant, version: 1 | 2) =>
    version === 2 ? tenant.apiAppId : tenant.apiAppIdUri;

  return {
    url,
    browserUrl,
    close: async () => {
      await Promise.all(
        [server, browserServer].map(
          (s) =>
            new Promise<void>((resolve) => {
              if (!s) return resolve();
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
    tenant: (tenantId) => registry.get(tenantId),
    sign: async (payload, signOptions) => issuer.sign(payload, signOptions),
    userToken: async (o) => {
      const tenant = tenantOf(o.tenantId);
      const client = clientOf(tenant, o.clientAppId ?? demoClient('web').appId);
      const version = o.version ?? tenant.accessTokenVersion;
      const grant = {
        audience: o.audience ?? audienceOf(tenant, version),
        version,
        resourceAppId: tenant.apiAppId,
        scopes: o.scopes ?? [tenant.apiScope],
      };
      const subject = { tenant, client, grant, lifetimeSeconds: o.lifetimeSeconds, overrides: o.overrides };
      return issuer.userAccessToken(subject, userOf(tenant, o.user)).token;
    },
    appToken: async (o) => {
      const tenant = tenantOf(o.tenantId);
      const client = clientOf(tenant, o.clientAppId);
      const version = o.version ?? tenant.accessTokenVersion;
      const grant = {
        audience: o.audience ?? audienceOf(tenant, version),
        version,
        resourceAppId: tenant.apiAppId,
        roles: o.roles ?? client.apiAppRoles,
      };
      const subject = { tenant, client, grant, lifetimeSeconds: o.lifetimeSeconds, overrides: o.overrides };
      return issuer.appAccessToken(subject).token;
    },
    rotateKeys: () => keys.rotate(),
    retireKey: (kid) => keys.retire(kid),
    publicJwks: (tenantId) => keys.jwks(`${url}/${tenantId ?? TENANT_PLACEHOLDER}/v2.0`, CLOUD_INSTANCE_NAME),
    approveDeviceCode: (userCode, user) => {
      const entry = deviceCodes.findByUserCode(userCode);
      return entry ? deviceCodes.approve(userCode, userOf(entry.tenant, user)) : false;
    },
    pendingDeviceCodes: () => deviceCodes.pending(),
    faults,
    stats,
  };
}
