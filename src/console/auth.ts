import * as oauth from 'oauth4webapi';

/** `GET /api/console/settings.json`: what the console needs to sign in. */
export interface ConsoleSettings {
  configured: boolean;
  clientId: string | null;
  tenantId: string;
  authorityHost: string;
  scope: string;
  redirectUri: string;
  problems: string[];
}

/** The caller's platform profile (`GET /api/me`). */
export interface Me {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  groups: string[];
  roles: string[];
  isAdmin: boolean;
  lastSeenAt: string;
}

/** A refusal with the bridge's (or Entra's) stable reason code. */
export class SignInError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

interface Session {
  platformToken: string;
  refreshToken: string | undefined;
  me: Me;
}

/** Held in memory only: a reload signs in again (the authority's session makes that one click). */
let session: Session | undefined;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

const PENDING = 'entra-bridge.console.pending';
// The local authority serves browsers over plain http on loopback; Entra itself is https.
const insecure = { [oauth.allowInsecureRequests]: true } as const;

function server(s: ConsoleSettings): oauth.AuthorizationServer {
  const base = `${s.authorityHost}/${s.tenantId}`;
  return {
    issuer: `${base}/v2.0`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/oauth2/v2.0/token`,
  };
}

const client = (s: ConsoleSettings): oauth.Client => ({ client_id: s.clientId ?? '' });

export const platformToken = (): string | undefined => session?.platformToken;
export const currentUser = (): Me | undefined => session?.me;
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const changed = () => {
  for (const l of listeners) l();
};

/** Starts the authorization code flow with PKCE (RFC 7636, S256): the browser leaves for the authority. */
export async function signIn(s: ConsoleSettings, loginHint?: string): Promise<void> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  // sessionStorage holds only the one-time verifier across the redirect, never a token.
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, route: location.hash }));
  const url = new URL(server(s).authorization_endpoint ?? '');
  url.search = new URLSearchParams({
    client_id: s.clientId ?? '',
    response_type: 'code',
    redirect_uri: s.redirectUri,
    scope: `${s.scope} offline_access`,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    response_mode: 'query',
    ...(loginHint ? { login_hint: loginHint } : {}),
  }).toString();
  location.assign(url.toString());
}

/** On return from the authority: redeems the code, exchanges the Entra token. False when no sign-in was pending. */
export async function completeSignIn(s: ConsoleSettings): Promise<boolean> {
  const here = new URL(location.href);
  const pending = sessionStorage.getItem(PENDING);
  if (!pending || !(here.searchParams.has('code') || here.searchParams.has('error'))) return false;
  sessionStorage.removeItem(PENDING);
  const { verifier, state, route } = JSON.parse(pending) as {
    verifier: string;
    state: string;
    route: string;
  };
  history.replaceState(null, '', `${here.pathname}${route || '#/'}`);
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(server(s), client(s), here, state);
  } catch (err) {
    throw entraError(err);
  }
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      server(s),
      client(s),
      oauth.None(),
      params,
      s.redirectUri,
      verifier,
      insecure,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(server(s), client(s), response);
    await startSession(tokens.access_token, tokens.refresh_token, tokens.expires_in);
  } catch (err) {
    throw err instanceof SignInError ? err : entraError(err);
  }
  return true;
}

function entraError(err: unknown): SignInError {
  const e = err as { error?: string; error_description?: string; message?: string };
  const description = e.error_description ?? e.message ?? String(err);
  return new SignInError(e.error ?? 'sign_in_failed', description.split('\r\n')[0] ?? description);
}

/** RFC 8693 exchange at `POST /api/token`, then `GET /api/me`; schedules renewal before expiry. */
async function startSession(entraToken: string, refreshToken: string | undefined, entraExpiresIn?: number) {
  const response = await fetch('/api/token', {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: entraToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    throw new SignInError(
      String(body.reason ?? body.error ?? response.status),
      String(body.error_description ?? 'The bridge refused the sign-in.'),
    );
  }
  const platform = String(body.access_token);
  const meResponse = await fetch('/api/me', { headers: { authorization: `Bearer ${platform}` } });
  if (!meResponse.ok) throw new SignInError('me_failed', `GET /api/me answered ${meResponse.status}.`);
  session = { platformToken: platform, refreshToken, me: (await meResponse.json()) as Me };
  const lifetime = Math.min(Number(body.expires_in) || 300, entraExpiresIn ?? Number.POSITIVE_INFINITY);
  scheduleRenewal(lifetime);
  changed();
}

let renewSettings: ConsoleSettings | undefined;
export const rememberSettings = (s: ConsoleSettings) => {
  renewSettings = s;
};

/** Renews a minute before expiry (or at 80 % for short tokens): refresh token → Entra token → exchange. */
function scheduleRenewal(lifetimeSeconds: number): void {
  if (renewTimer) clearTimeout(renewTimer);
  const lead = Math.min(60, lifetimeSeconds * 0.2);
  renewTimer = setTimeout(() => void renew(), Math.max(5, lifetimeSeconds - lead) * 1000);
}

export async function renew(): Promise<void> {
  const s = renewSettings;
  const refresh = session?.refreshToken;
  if (!s || !refresh) return signOut();
  try {
    // Entra's v2.0 endpoint wants the scopes again on a refresh.
    const response = await oauth.refreshTokenGrantRequest(server(s), client(s), oauth.None(), refresh, {
      ...insecure,
      additionalParameters: { scope: `${s.scope} offline_access` },
    });
    const tokens = await oauth.processRefreshTokenResponse(server(s), client(s), response);
    await startSession(tokens.access_token, tokens.refresh_token ?? refresh, tokens.expires_in);
  } catch {
    signOut();
  }
}

export function signOut(): void {
  if (renewTimer) clearTimeout(renewTimer);
  session = undefined;
  changed();
}
