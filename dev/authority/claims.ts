import { createHash } from 'node:crypto';
import type { DemoClientApp, DemoTenant, DemoUser } from '../demoTenant';
import { b64url, randomId } from './httpHelpers';

/** Issuer of v1.0 access tokens: always the `sts.windows.net` form, whatever host served the token. */
export const v1Issuer = (tenantId: string): string => `https://sts.windows.net/${tenantId}/`;

/** Issuer of v2.0 tokens: `{authority}/{tid}/v2.0`. */
export const v2Issuer = (authorityUrl: string, tenantId: string): string =>
  `${authorityUrl}/${tenantId}/v2.0`;

/** What every token builder needs to know about the moment and place of issue. */
export interface IssueContext {
  authorityUrl: string;
  tenant: DemoTenant;
  client: DemoClientApp;
  nowSeconds: number;
  lifetimeSeconds: number;
}

/**
 * Pairwise subject: Entra's `sub` is unique per user *and* application, so the same user has a different
 * `sub` in tokens for different apps (access-token claims reference, `sub`).
 */
export const pairwiseSub = (oid: string, appId: string): string =>
  b64url(createHash('sha256').update(`${oid}|${appId}`).digest()).slice(0, 43);

/** `rh` is an opaque internal claim; Entra's look like `0.A` + base64url + `.`. */
const refreshHint = (ctx: IssueContext): string =>
  `0.A${b64url(Buffer.from(`${ctx.tenant.tenantId}${ctx.client.appId}`.replace(/-/g, ''), 'hex'))}.`;

const times = (ctx: IssueContext) => ({
  iat: ctx.nowSeconds,
  nbf: ctx.nowSeconds,
  exp: ctx.nowSeconds + ctx.lifetimeSeconds,
});

/** The resource a token is issued for and the delegated scopes or app roles it carries. */
export interface Grant {
  /** `aud` value. */
  audience: string;
  /** Token shape: 1 → `sts.windows.net` issuer, `appid`, `upn`; 2 → v2 issuer, `azp`, `preferred_username`. */
  version: 1 | 2;
  /** The app whose `sub` is paired with the user (the API or Graph). */
  resourceAppId: string;
  scopes?: string[];
  roles?: string[];
}

/** The claims every access token starts with: `aud`, the version's `iss`, the times, `aio`. */
const accessTokenHead = (ctx: IssueContext, grant: Grant) => ({
  aud: grant.audience,
  iss: grant.version === 2 ? v2Issuer(ctx.authorityUrl, ctx.tenant.tenantId) : v1Issuer(ctx.tenant.tenantId),
  ...times(ctx),
  aio: randomId(48),
});

/** Delegated (user) access token claims, shaped like Entra's v2.0 and v1.0 user tokens
 * (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference). */
export function userClaims(ctx: IssueContext, user: DemoUser, grant: Grant): Record<string, unknown> {
  const confidential = ctx.client.secret !== null ? '1' : '0';
  const name = `${user.givenName} ${user.surname}`;
  const groups = user.memberOf.length > 0 ? { groups: [...user.memberOf] } : {};
  const email = user.mail ? { email: user.mail } : {};
  if (grant.version === 2) {
    return {
      ...accessTokenHead(ctx, grant),
      azp: ctx.client.appId,
      azpacr: confidential,
      name,
      oid: user.id,
      preferred_username: user.userPrincipalName,
      rh: refreshHint(ctx),
      scp: (grant.scopes ?? []).join(' '),
      sub: pairwiseSub(user.id, grant.resourceAppId),
      tid: ctx.tenant.tenantId,
      uti: randomId(16),
      ver: '2.0',
      ...groups,
      given_name: user.givenName,
      family_name: user.surname,
      ...email,
    };
  }
  return {
    ...accessTokenHead(ctx, grant),
    acr: '1',
    amr: ['pwd'],
    appid: ctx.client.appId,
    appidacr: confidential,
    family_name: user.surname,
    given_name: user.givenName,
    ...groups,
    ipaddr: '127.0.0.1',
    name,
    oid: user.id,
    rh: refreshHint(ctx),
    scp: (grant.scopes ?? []).join(' '),
    sub: pairwiseSub(user.id, grant.resourceAppId),
    tid: ctx.tenant.tenantId,
    unique_name: user.userPrincipalName,
    upn: user.userPrincipalName,
    uti: randomId(16),
    ver: '1.0',
    ...email,
  };
}

/**
 * App-only (client credentials) claims, shaped like Entra's app-only tokens: no `scp`, no `groups`,
 * `oid` = `sub` = the client's service principal, `idtyp: 'app'`, `roles` only when some are granted.
 */
export function appClaims(ctx: IssueContext, grant: Grant): Record<string, unknown> {
  const sp = ctx.client.servicePrincipalId;
  // Both versions name the service principal the same way after their caller claims.
  const subject = {
    idtyp: 'app',
    oid: sp,
    rh: refreshHint(ctx),
    ...(grant.roles && grant.roles.length > 0 ? { roles: [...grant.roles] } : {}),
    sub: sp,
    tid: ctx.tenant.tenantId,
    uti: randomId(16),
  };
  if (grant.version === 2) {
    return { ...accessTokenHead(ctx, grant), azp: ctx.client.appId, azpacr: '1', ...subject, ver: '2.0' };
  }
  return {
    ...accessTokenHead(ctx, grant),
    app_displayname: ctx.client.displayName,
    appid: ctx.client.appId,
    appidacr: '1',
    idp: v1Issuer(ctx.tenant.tenantId),
    ...subject,
    ver: '1.0',
  };
}

/**
 * v2.0 ID token for the client (OIDC Core §2; Entra ID token claims reference). MSAL reads `oid`, `tid`,
 * `preferred_username` and `name` from it to build the account.
 */
export function idTokenClaims(ctx: IssueContext, user: DemoUser): Record<string, unknown> {
  return {
    aud: ctx.client.appId,
    iss: v2Issuer(ctx.authorityUrl, ctx.tenant.tenantId),
    ...times(ctx),
    name: `${user.givenName} ${user.surname}`,
    oid: user.id,
    preferred_username: user.userPrincipalName,
    rh: refreshHint(ctx),
    sub: pairwiseSub(user.id, ctx.client.appId),
    tid: ctx.tenant.tenantId,
    uti: randomId(16),
    ver: '2.0',
  };
}

/** MSAL's `client_info` (requested with `client_info=1`): base64url JSON `{uid, utid}`. */
export const clientInfo = (user: DemoUser, tenant: DemoTenant): string =>
  b64url(JSON.stringify({ uid: user.id, utid: tenant.tenantId }));

/** Applies test overrides last; a value of `undefined` removes the claim. */
export function applyOverrides(
  claims: Record<string, unknown>,
  overrides: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (!overrides) return claims;
  const out = { ...claims };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete out[name];
    else out[name] = value;
  }
  return out;
}
