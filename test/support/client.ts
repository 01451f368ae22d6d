/** Small HTTP helpers that call the bridge the way a client application does. */
import type { LocalAuthority } from '../../dev/authority';
import { type DemoUser, demoUser } from '../../dev/demoTenant';

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = Record<string, unknown>>(
  url: string,
  init: RequestInit = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

/** `POST /api/token` with a form-encoded RFC 8693 request. */
export function exchange(baseUrl: string, subjectToken: string, extra: Record<string, string> = {}) {
  return call(`${baseUrl}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: TOKEN_EXCHANGE,
      subject_token: subjectToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
      ...extra,
    }).toString(),
  });
}

/** Exchanges and returns the platform token, failing loudly otherwise. */
export async function platformToken(baseUrl: string, subjectToken: string): Promise<string> {
  const response = await exchange(baseUrl, subjectToken);
  if (response.status !== 200)
    throw new Error(`exchange failed: ${response.status} ${JSON.stringify(response.body)}`);
  return String(response.body.access_token);
}

/**
 * An administrator's platform token: `user` (carol unless told) signs in with the demo's
 * admin claim, which makes an administrator whatever the platform groups.
 */
export async function adminPlatformToken(
  stack: { url: string; authority: Pick<LocalAuthority, 'userToken'> },
  user: DemoUser = demoUser('carol'),
): Promise<string> {
  return platformToken(
    stack.url,
    await stack.authority.userToken({ user, overrides: { isPlatformAdmin: 'is_admin' } }),
  );
}

export function withBearer(url: string, token: string, init: RequestInit = {}) {
  return call(url, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  });
}

/** A request with a JSON body. */
export const jsonBody = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
