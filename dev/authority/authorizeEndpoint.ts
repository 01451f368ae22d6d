import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthCodeStore } from './authCodeStore';
import { EntraError, escapeHtml, readBody, sendHtml } from './httpHelpers';
import { isRegisteredRedirectUri } from './redirectUris';
import { resolveScope } from './resolveScope';
import { findUser, type TenantRegistry } from './tenantRegistry';

/** What the authorize endpoint needs. */
export interface AuthorizeDeps {
  registry: TenantRegistry;
  authCodes: AuthCodeStore;
}

/** The request parameters the sign-in form carries through (RFC 6749 §4.1.1, RFC 7636 §4.3). */
const CARRIED = [
  'client_id',
  'response_type',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'response_mode',
  'nonce',
] as const;

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

const page = (title: string, body: string): string =>
  '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1">' +
  `<title>${escapeHtml(title)}</title><style>` +
  'body{font:1rem/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}' +
  'label{display:block;margin:.75rem 0 .25rem}input{font:inherit;width:100%;padding:.4rem;box-sizing:border-box}' +
  'button{font:inherit;margin-top:1rem;padding:.4rem 1.2rem}[role=alert]{color:#a4262c}code{font-size:.9em}' +
  `</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.setHeader('content-security-policy', PAGE_CSP);
  sendHtml(res, status, html);
}

function signInForm(params: URLSearchParams, appName: string, error = ''): string {
  const hidden = CARRIED.map((name) => {
    const value = params.get(name);
    return value === null ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  }).join('');
  const hint = params.get('login_hint') ?? params.get('username') ?? '';
  return page(
    'Sign in',
    `<p>to <strong>${escapeHtml(appName)}</strong> — local demo tenant.</p>` +
      (error ? `<p role="alert">${escapeHtml(error)}</p>` : '') +
      '<form method="post">' +
      hidden +
      '<label for="username">Username</label>' +
      `<input id="username" name="username" autocomplete="username" value="${escapeHtml(hint)}" autofocus>` +
      '<label for="password">Password</label>' +
      '<input id="password" name="password" type="password" autocomplete="current-password">' +
      '<button type="submit">Sign in</button></form>' +
      '<p>Demo accounts: <code>alice@contoso.test</code> (administrator), <code>bob@contoso.test</code>, ' +
      '<code>carol@contoso.test</code>; password <code>demo</code>.</p>',
  );
}

function redirectTo(res: ServerResponse, redirectUri: string, values: Record<string, string | null>): void {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(values))
    if (value !== null) target.searchParams.set(name, value);
  res.writeHead(302, { location: target.toString(), 'cache-control': 'no-store', 'content-length': 0 });
  res.end();
}

/**
 * `GET|POST /{tenant}/oauth2/v2.0/authorize`: the authorization code flow's front channel
 * (RFC 6749 §4.1) with PKCE required and S256 only (RFC 7636; Entra requires PKCE for
 * single-page applications). `GET` shows a sign-in page for the demo users; `POST` checks the
 * password and redirects back with a one-time code. A bad client or redirect URI is shown on
 * the page, never redirected to (RFC 6749 §4.1.2.1).
 */
export async function handleAuthorize(
  req: IncomingMessage,
  res: ServerResponse,
  tenantSegment: string,
  deps: AuthorizeDeps,
): Promise<void> {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const params =
    req.method === 'POST' ? new URLSearchParams(await readBody(req)) : new URLSearchParams(query);
  const clientId = params.get('client_id') ?? '';
  const redirectUri = params.get('redirect_uri') ?? '';
  let found: ReturnType<TenantRegistry['forClient']>;
  try {
    found = deps.registry.forClient(tenantSegment, clientId);
  } catch (err) {
    if (!(err instanceof EntraError)) throw err;
    return sendPage(res, 400, page('Sign-in failed', `<p role="alert">${escapeHtml(err.message)}</p>`));
  }
  const { tenant, client } = found;
  if (!isRegisteredRedirectUri(client, redirectUri)) {
    const message = `AADSTS50011: The redirect URI '${redirectUri.slice(0, 200)}' specified in the request does not match the redirect URIs configured for the application '${client.appId}'.`;
    return sendPage(res, 400, page('Sign-in failed', `<p role="alert">${escapeHtml(message)}</p>`));
  }
  const state = params.get('state');
  const fail = (error: string, description: string) =>
    redirectTo(res, redirectUri, { error, error_description: description, state });
  if (params.get('response_type') !== 'code') {
    return fail('unsupported_response_type', 'AADSTS700054: Only response_type=code is supported here.');
  }
  const challenge = params.get('code_challenge') ?? '';
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
    return fail(
      'invalid_request',
      'AADSTS9002325: Proof Key for Code Exchange is required (code_challenge).',
    );
  }
  if (params.get('code_challenge_method') !== 'S256') {
    return fail('invalid_request', 'AADSTS501491: code_challenge_method must be S256.');
  }
  const scope = params.get('scope') ?? '';
  try {
    resolveScope(tenant, scope, 'user');
  } catch (err) {
    if (!(err instanceof EntraError)) throw err;
    return fail(err.error, err.message);
  }
  if (req.method !== 'POST') return sendPage(res, 200, signInForm(params, client.displayName));

  const user = findUser(tenant, params.get('username') ?? '');
  if (!user || user.password !== params.get('password')) {
    return sendPage(
      res,
      400,
      signInForm(params, client.displayName, 'Your account or password is incorrect.'),
    );
  }
  const code = deps.authCodes.issue({ tenant, client, user, redirectUri, scope, codeChallenge: challenge });
  redirectTo(res, redirectUri, { code, state });
}
