import { randomInt } from 'node:crypto';
import type { DemoClientApp, DemoTenant, DemoUser } from '../demoTenant';
import {
  appClaims,
  applyOverrides,
  clientInfo,
  type Grant,
  type IssueContext,
  idTokenClaims,
  userClaims,
} from './claims';
import { randomId } from './httpHelpers';
import type { KeyRing } from './keys';
import { signCompact } from './keys';
import { GRAPH_APP_ID, grantedScope, type ResourceRequest } from './resolveScope';

/** Options of {@link TokenIssuer.sign}. */
export interface SignOptions {
  /** Header parameters merged over the defaults (`typ`, `alg`, `kid`); the signature is always RS256. */
  header?: Record<string, unknown>;
  /** Sign with this key (published or retired) instead of the current one. */
  kid?: string;
}

/** Who a token is for and how it should look. */
export interface TokenSubject {
  tenant: DemoTenant;
  client: DemoClientApp;
  grant: Grant;
  /** Graph tokens carry a header `nonce` that makes their signature unverifiable outside Graph. */
  graphNonce?: boolean;
  lifetimeSeconds?: number;
  overrides?: Record<string, unknown>;
}

/**
 * Entra's access tokens live 60–90 minutes, picked at random per token
 * (configurable token lifetimes, "Access tokens" default).
 */
const defaultLifetime = (): number => randomInt(3600, 5400);

/** The resource, audience and token version for a resolved request (API app registration or Graph). */
export function grantFor(
  tenant: DemoTenant,
  client: DemoClientApp,
  request: ResourceRequest,
  flow: 'app' | 'user',
): Grant {
  if (request.kind === 'graph') {
    return {
      audience: request.resource,
      version: 1,
      resourceAppId: GRAPH_APP_ID,
      scopes: flow === 'user' ? request.scopes : undefined,
      roles: flow === 'app' ? client.graphAppRoles : undefined,
    };
  }
  const version = tenant.accessTokenVersion;
  return {
    // v2 tokens always name the API by its application ID; v1 tokens echo the requested identifier.
    audience: version === 2 || request.resource === tenant.apiAppId ? tenant.apiAppId : request.resource,
    version,
    resourceAppId: tenant.apiAppId,
    scopes: flow === 'user' ? request.scopes : undefined,
    roles: flow === 'app' ? client.apiAppRoles : undefined,
  };
}

/** Mints Entra-shaped tokens with the authority's live keys. */
export class TokenIssuer {
  constructor(
    private readonly keys: KeyRing,
    private readonly authorityUrl: () => string,
    private readonly nowMs: () => number,
  ) {}

  /** Signs any payload; see {@link SignOptions}. */
  sign(payload: Record<string, unknown>, options: SignOptions = {}): string {
    const key = options.kid ? this.keys.find(options.kid) : this.keys.current;
    if (!key) throw new Error(`no signing key with kid ${options.kid}`);
    return signCompact(key, { typ: 'JWT', alg: 'RS256', kid: key.kid, ...options.header }, payload);
  }

  private context(subject: TokenSubject): IssueContext {
    return {
      authorityUrl: this.authorityUrl(),
      tenant: subject.tenant,
      client: subject.client,
      nowSeconds: Math.floor(this.nowMs() / 1000),
      lifetimeSeconds: subject.lifetimeSeconds ?? defaultLifetime(),
    };
  }

  private signAccessToken(subject: TokenSubject, claims: Record<string, unknown>): string {
    const kid = this.keys.current.kid;
    // v1 tokens carry x5t next to kid; Graph adds a nonce (as Entra's tokens for Microsoft Graph do).
    const header: Record<string, unknown> =
      subject.grant.version === 1
        ? {
            typ: 'JWT',
            ...(subject.graphNonce ? { nonce: randomId(32) } : {}),
            alg: 'RS256',
            x5t: kid,
            kid,
          }
        : { typ: 'JWT', alg: 'RS256', kid };
    return signCompact(this.keys.current, header, applyOverrides(claims, subject.overrides));
  }

  /** Delegated access token for `user`. */
  userAccessToken(subject: TokenSubject, user: DemoUser): { token: string; expiresIn: number } {
    const ctx = this.context(subject);
    const token = this.signAccessToken(subject, userClaims(ctx, user, subject.grant));
    return { token, expiresIn: ctx.lifetimeSeconds };
  }

  /** App-only access token for the subject's client. */
  appAccessToken(subject: TokenSubject): { token: string; expiresIn: number } {
    const ctx = this.context(subject);
    const token = this.signAccessToken(subject, appClaims(ctx, subject.grant));
    return { token, expiresIn: ctx.lifetimeSeconds };
  }

  /**
   * Token response of a user flow (ROPC, device code, refresh): access token plus the `id_token` and
   * `client_info` MSAL needs to build its account, like Entra's v2.0 token endpoint.
   */
  userTokenResponse(
    tenant: DemoTenant,
    client: DemoClientApp,
    user: DemoUser,
    request: ResourceRequest,
    refreshToken: string | undefined,
  ): Record<string, unknown> {
    const grant = grantFor(tenant, client, request, 'user');
    const subject: TokenSubject = { tenant, client, grant, graphNonce: request.kind === 'graph' };
    const { token, expiresIn } = this.userAccessToken(subject, user);
    const wantsIdToken = request.oidc.includes('openid');
    return {
      token_type: 'Bearer',
      scope: grantedScope(request),
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: token,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...(wantsIdToken ? { id_token: this.sign(idTokenClaims(this.context(subject), user)) } : {}),
      client_info: clientInfo(user, tenant),
    };
  }
}
