import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoClientApp, DemoTenant, DemoUser } from '../demoTenant';
import type { AuthCodeStore } from './authCodeStore';
import { authenticateClient, readClientCredentials } from './clientAuth';
import type { DeviceCodeStore } from './deviceCodeStore';
import { EntraError, invalidRequest, randomId, readForm, sendJson } from './httpHelpers';
import { type ResourceRequest, resolveScope } from './resolveScope';
import { findUser, type TenantRegistry } from './tenantRegistry';
import { grantFor, type TokenIssuer } from './tokenIssuer';

/** RFC 8628 §3.4 grant type. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** The short form MSAL sends (`GrantType.DEVICE_CODE_GRANT`), which Entra accepts too. */
const DEVICE_CODE_GRANT_SHORT = 'device_code';

/** What the token endpoint works with. */
export interface TokenEndpointDeps {
  registry: TenantRegistry;
  issuer: TokenIssuer;
  deviceCodes: DeviceCodeStore;
  refreshTokens: Map<string, { tenantId: string; clientId: string; userId: string }>;
  authCodes: AuthCodeStore;
  nowMs: () => number;
}

const missing = (name: string) =>
  invalidRequest(900144, `The request body must contain the following parameter: '${name}'.`);

interface Ctx {
  deps: TokenEndpointDeps;
  tenant: DemoTenant;
  client: DemoClientApp;
  form: Map<string, string>;
  scope: string | undefined;
  /** The request's `Origin` header: browsers send it on cross-origin requests. */
  origin: string | undefined;
}

function userResponse(ctx: Ctx, tenant: DemoTenant, user: DemoUser, request: ResourceRequest) {
  let refreshToken: string | undefined;
  if (request.oidc.includes('offline_access')) {
    refreshToken = `1.A${randomId(180)}`;
    ctx.deps.refreshTokens.set(refreshToken, {
      tenantId: tenant.tenantId,
      clientId: ctx.client.appId,
      userId: user.id,
    });
  }
  return ctx.deps.issuer.userTokenResponse(tenant, ctx.client, user, request, refreshToken);
}

function clientCredentials(ctx: Ctx) {
  const request = resolveScope(ctx.tenant, ctx.scope, 'app');
  const grant = grantFor(ctx.tenant, ctx.client, request, 'app');
  const subject = { tenant: ctx.tenant, client: ctx.client, grant, graphNonce: request.kind === 'graph' };
  const { token, expiresIn } = ctx.deps.issuer.appAccessToken(subject);
  // Entra's client-credentials response carries no scope, refresh token or ID token.
  return { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token };
}

/** Resource owner password credentials (RFC 6749 §4.3), which Entra still offers for test accounts. */
function password(ctx: Ctx) {
  const username = ctx.form.get('username');
  const secret = ctx.form.get('password');
  if (!username) throw missing('username');
  if (secret === undefined) throw missing('password');
  const user = findUser(ctx.tenant, username);
  if (!user) {
    throw new EntraError(
      400,
      'invalid_grant',
      50034,
      `The user account {EUII Hidden} does not exist in the ${ctx.tenant.tenantId} directory. To sign into this application, the account must be added to the directory.`,
    );
  }
  if (user.password !== secret) {
    throw new EntraError(
      400,
      'invalid_grant',
      50126,
      'Error validating credentials due to invalid username or password.',
    );
  }
  return userResponse(ctx, ctx.tenant, user, resolveScope(ctx.tenant, ctx.scope, 'user'));
}

function deviceCode(ctx: Ctx) {
  const code = ctx.form.get('device_code');
  if (!code) throw missing('device_code');
  const { entry, user } = ctx.deps.deviceCodes.poll(code, ctx.client.appId);
  return userResponse(ctx, entry.tenant, user, entry.request);
}

function refreshToken(ctx: Ctx) {
  const token = ctx.form.get('refresh_token');
  if (!token) throw missing('refresh_token');
  const stored = ctx.deps.refreshTokens.get(token);
  const user =
    stored && stored.clientId === ctx.client.appId ? findUser(ctx.tenant, stored.userId) : undefined;
  if (!stored || !user || stored.tenantId !== ctx.tenant.tenantId) {
    throw new EntraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
  }
  return userResponse(ctx, ctx.tenant, user, resolveScope(ctx.tenant, ctx.scope, 'user'));
}

/**
 * Authorization code grant (RFC 6749 §4.1.3) with the PKCE verifier (RFC 7636 §4.5). Codes of a
 * single-page application may only be redeemed cross-origin, from the browser, as on Entra.
 */
function authorizationCode(ctx: Ctx) {
  const code = ctx.form.get('code');
  if (!code) throw missing('code');
  if (ctx.client.platform === 'spa' && !ctx.origin) {
    throw new EntraError(
      400,
      'invalid_request',
      9002327,
      "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
    );
  }
  const grant = ctx.deps.authCodes.redeem(
    code,
    ctx.client.appId,
    ctx.form.get('redirect_uri'),
    ctx.form.get('code_verifier'),
  );
  return userResponse(
    ctx,
    grant.tenant,
    grant.user,
    resolveScope(grant.tenant, ctx.scope ?? grant.scope, 'user'),
  );
}

const GRANTS: Record<string, (ctx: Ctx) => Record<string, unknown>> = {
  client_credentials: clientCredentials,
  password,
  [DEVICE_CODE_GRANT]: deviceCode,
  [DEVICE_CODE_GRANT_SHORT]: deviceCode,
  refresh_token: refreshToken,
  authorization_code: authorizationCode,
};

/**
 * `POST /{tenant}/oauth2/v2.0/token` and the v1.0 `POST /{tenant}/oauth2/token` (which names the target by
 * `resource` instead of `scope`).
 */
export async function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  tenantSegment: string,
  v1: boolean,
  deps: TokenEndpointDeps,
): Promise<void> {
  deps.registry.resolve(tenantSegment);
  const form = await readForm(req);
  const grantType = form.get('grant_type');
  if (!grantType) throw missing('grant_type');
  const handler = GRANTS[grantType];
  if (!Object.hasOwn(GRANTS, grantType) || !handler) {
    throw new EntraError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType.slice(0, 100)}'.`,
    );
  }
  const { clientId, secret } = readClientCredentials(req, form);
  if (!clientId) throw missing('client_id');
  const { tenant, client } = deps.registry.forClient(tenantSegment, clientId);
  authenticateClient(client, secret, grantType);
  const resource = form.get('resource');
  const scope = v1 && resource ? `${resource}/.default` : form.get('scope');
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  const body = handler({ deps, tenant, client, form, scope, origin });
  if (!v1) return sendJson(res, 200, body);
  const expiresIn = Number(body.expires_in);
  const nowSeconds = Math.floor(deps.nowMs() / 1000);
  // v1.0 responses carry numbers as strings, plus `resource`, `expires_on` and `not_before`.
  sendJson(res, 200, {
    ...body,
    expires_in: String(expiresIn),
    ext_expires_in: String(expiresIn),
    expires_on: String(nowSeconds + expiresIn),
    not_before: String(nowSeconds),
    ...(resource ? { resource } : {}),
  });
}
