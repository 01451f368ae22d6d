import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../dev/demoTenant';
import { ACCESS_TOKEN_TYPE, call, exchange, TOKEN_EXCHANGE } from '../support/client';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let genuine = '';
let expired = '';
beforeAll(async () => {
  stack = await startStack({ settings: { OAUTH_LOG_ERRORS: 'true' } });
  const bob = demoUser('bob');
  genuine = await stack.authority.userToken({ user: bob, overrides: { groups: ['Analysts'] } });
  const now = Math.floor(Date.now() / 1000);
  expired = await stack.authority.userToken({
    user: bob,
    overrides: { groups: ['Analysts'], iat: now - 7200, nbf: now - 7200, exp: now - 3600 },
  });
});
afterAll(() => stack?.stop());

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** A well-formed exchange request, as form parameters, with changes. */
const form = (change: Record<string, string | undefined> = {}) => {
  const values: Record<string, string | undefined> = {
    grant_type: TOKEN_EXCHANGE,
    subject_token: genuine,
    subject_token_type: ACCESS_TOKEN_TYPE,
    ...change,
  };
  return new URLSearchParams(
    Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();
};

interface TokenAbuse {
  readonly name: string;
  /** Status and `reason` expected; `error` defaults to `invalid_request`. */
  readonly status: number;
  readonly reason: string;
  readonly error?: string;
  readonly request: () => { contentType?: string; body: string | Uint8Array<ArrayBuffer> };
}

/**
 * A well-formed exchange request with `change` to its form parameters, refused with a 400
 * and `reason` (`change` a function where it needs the tokens, made once the stack runs).
 */
const formAbuse = (
  name: string,
  reason: string,
  change: Record<string, string | undefined> | (() => Record<string, string | undefined>),
  error?: string,
): TokenAbuse => ({
  name,
  status: 400,
  reason,
  error,
  request: () => ({ contentType: FORM, body: form(typeof change === 'function' ? change() : change) }),
});

/** A request with a JSON body, refused with a 400 and `reason` (the body made once the stack runs). */
const jsonAbuse = (name: string, reason: string, body: () => string): TokenAbuse => ({
  name,
  status: 400,
  reason,
  request: () => ({ contentType: JSON_TYPE, body: body() }),
});

/** HTTP-level abuse of `POST /api/token` (RFC 6749 §3.2, §5.2; RFC 8693 §2.1). */
const tokenAbuse: TokenAbuse[] = [
  {
    name: 'text/plain content type',
    status: 400,
    reason: 'unsupported_content_type',
    request: () => ({ contentType: 'text/plain', body: form() }),
  },
  {
    name: 'no content type',
    status: 400,
    reason: 'unsupported_content_type',
    // A byte body: fetch adds no Content-Type of its own.
    request: () => ({ body: new TextEncoder().encode(form()) }),
  },
  {
    name: 'multipart/form-data',
    status: 400,
    reason: 'unsupported_content_type',
    request: () => ({
      contentType: 'multipart/form-data; boundary=x',
      body: `--x\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\n${TOKEN_EXCHANGE}\r\n--x--\r\n`,
    }),
  },
  {
    name: 'look-alike form content type',
    status: 400,
    reason: 'unsupported_content_type',
    request: () => ({ contentType: 'application/x-www-form-urlencoded-evil', body: form() }),
  },
  {
    name: 'body over 64 KiB',
    status: 400,
    reason: 'body_too_large',
    request: () => ({ contentType: FORM, body: `${form()}&pad=${'p'.repeat(70 * 1024)}` }),
  },
  {
    name: '1 MB body',
    status: 400,
    reason: 'body_too_large',
    request: () => ({ contentType: FORM, body: `${form()}&pad=${'p'.repeat(1024 * 1024)}` }),
  },
  {
    name: 'subject_token twice',
    status: 400,
    reason: 'repeated_parameter',
    request: () => ({ contentType: FORM, body: `${form()}&subject_token=${encodeURIComponent(expired)}` }),
  },
  {
    name: 'grant_type twice',
    status: 400,
    reason: 'repeated_parameter',
    request: () => ({ contentType: FORM, body: `${form()}&grant_type=client_credentials` }),
  },
  {
    name: 'subject_token_type twice',
    status: 400,
    reason: 'repeated_parameter',
    request: () => ({ contentType: FORM, body: `${form()}&subject_token_type=${ACCESS_TOKEN_TYPE}` }),
  },
  formAbuse('missing grant_type', 'missing_grant_type', { grant_type: undefined }),
  formAbuse(
    'wrong grant_type',
    'unsupported_grant_type',
    { grant_type: 'client_credentials' },
    'unsupported_grant_type',
  ),
  formAbuse(
    'grant_type in upper case',
    'unsupported_grant_type',
    { grant_type: TOKEN_EXCHANGE.toUpperCase() },
    'unsupported_grant_type',
  ),
  formAbuse('missing subject_token', 'missing_subject_token', { subject_token: undefined }),
  formAbuse('empty subject_token', 'missing_subject_token', { subject_token: '' }),
  formAbuse('missing subject_token_type', 'missing_subject_token_type', { subject_token_type: undefined }),
  formAbuse('subject_token_type id_token', 'unsupported_token_type', {
    subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
  }),
  formAbuse('subject_token_type saml2', 'unsupported_token_type', {
    subject_token_type: 'urn:ietf:params:oauth:token-type:saml2',
  }),
  formAbuse('requested_token_type refresh_token', 'unsupported_token_type', {
    requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token',
  }),
  formAbuse('actor_token (delegation)', 'actor_token_not_supported', () => ({
    actor_token: genuine,
    actor_token_type: ACCESS_TOKEN_TYPE,
  })),
  formAbuse('actor_token_type alone', 'actor_token_not_supported', { actor_token_type: ACCESS_TOKEN_TYPE }),
  formAbuse(
    'foreign resource',
    'audience_not_allowed',
    { resource: 'https://evil.example.com' },
    'invalid_target',
  ),
  {
    name: 'audience twice, one foreign',
    status: 400,
    reason: 'audience_not_allowed',
    error: 'invalid_target',
    request: () => ({ contentType: FORM, body: `${form({ audience: 'platform' })}&audience=evil` }),
  },
  {
    name: 'percent-encoded invalid UTF-8 in subject_token',
    status: 400,
    reason: 'token_malformed',
    request: () => ({
      contentType: FORM,
      body: form({ subject_token: undefined }).concat('&subject_token=%C3%28'),
    }),
  },
  formAbuse('NUL and CR/LF inside subject_token', 'token_malformed', () => ({
    subject_token: `${genuine}\u0000\r\nX-Evil: 1`,
  })),
  jsonAbuse(
    'JSON with duplicate keys',
    'repeated_parameter',
    () =>
      `{"grant_type":"${TOKEN_EXCHANGE}","subject_token":"${expired}","subject_token_type":"${ACCESS_TOKEN_TYPE}","subject_token":"${genuine}"}`,
  ),
  jsonAbuse(
    'JSON duplicate key by escape',
    'repeated_parameter',
    () =>
      `{"grant_type":"${TOKEN_EXCHANGE}","subject_token":"${genuine}","subject_token_type":"${ACCESS_TOKEN_TYPE}","\\u0067rant_type":"password"}`,
  ),
  jsonAbuse('JSON array body', 'malformed_body', () => JSON.stringify([TOKEN_EXCHANGE, genuine])),
  jsonAbuse('JSON null body', 'malformed_body', () => 'null'),
  jsonAbuse('JSON number where a string is expected', 'malformed_body', () =>
    JSON.stringify({
      grant_type: TOKEN_EXCHANGE,
      subject_token: 12345,
      subject_token_type: ACCESS_TOKEN_TYPE,
    }),
  ),
  jsonAbuse('JSON array where a string is expected', 'malformed_body', () =>
    JSON.stringify({
      grant_type: TOKEN_EXCHANGE,
      subject_token: [genuine],
      subject_token_type: ACCESS_TOKEN_TYPE,
    }),
  ),
  jsonAbuse('JSON object where a string is expected', 'malformed_body', () =>
    JSON.stringify({
      grant_type: { $eq: TOKEN_EXCHANGE },
      subject_token: genuine,
      subject_token_type: ACCESS_TOKEN_TYPE,
    }),
  ),
  jsonAbuse('JSON that does not parse', 'malformed_body', () => `{"grant_type":"${TOKEN_EXCHANGE}",`),
  jsonAbuse(
    'two JSON documents',
    'malformed_body',
    () => `${JSON.stringify({ grant_type: TOKEN_EXCHANGE })}${JSON.stringify({ subject_token: genuine })}`,
  ),
  jsonAbuse('JSON content type, form body', 'malformed_body', () => form()),
  jsonAbuse(
    'JSON __proto__ carrying the parameters',
    'malformed_body',
    () =>
      `{"__proto__":{"grant_type":"${TOKEN_EXCHANGE}"},"subject_token":"${genuine}","subject_token_type":"${ACCESS_TOKEN_TYPE}"}`,
  ),
  {
    name: 'invalid UTF-8 body',
    status: 400,
    reason: 'malformed_body',
    request: () => ({
      contentType: FORM,
      body: new Uint8Array(
        Buffer.concat([Buffer.from(form()), Buffer.from([0x26, 0x78, 0x3d, 0xc3, 0x28, 0xff])]),
      ),
    }),
  },
];

describe('HTTP-level abuse of POST /api/token', () => {
  it.each(tokenAbuse.map((c) => [c.name, c.status, c.reason, c] as const))(
    '%s → %i %s, nothing written',
    async (_name, status, reason, abuse) => {
      const { contentType, body } = abuse.request();
      const response = await call(`${stack.url}/api/token`, {
        method: 'POST',
        headers: contentType === undefined ? {} : { 'content-type': contentType },
        body,
      });
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ error: abuse.error ?? 'invalid_request', reason });
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await stack.count('Users')).toBe(0);
    },
  );

  it('ignores a subject token sent in the query string (tokens in URLs end up in logs)', async () => {
    const response = await call(`${stack.url}/api/token?${form()}`, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: '',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ reason: 'missing_grant_type' });
    expect(await stack.count('Users')).toBe(0);
  });
});

interface HeaderAbuse {
  readonly name: string;
  readonly authorization: () => string | undefined;
  readonly status: 400 | 401 | 431;
  readonly reason?: string;
  /** Exact `WWW-Authenticate`, or a pattern. */
  readonly challenge?: string | RegExp;
}

const BARE_CHALLENGE = 'Bearer realm="entra-bridge"';
const INVALID_REQUEST = /^Bearer realm="entra-bridge", error="invalid_request"/;
const INVALID_TOKEN = /^Bearer realm="entra-bridge", error="invalid_token"/;

/** `Authorization` header abuse on `GET /api/me` (RFC 6750 §2.1, §3; RFC 7235). */
const headerAbuse: HeaderAbuse[] = [
  {
    name: 'no Authorization header',
    authorization: () => undefined,
    status: 401,
    reason: 'missing_token',
    challenge: BARE_CHALLENGE,
  },
  {
    name: 'empty Authorization header',
    authorization: () => '',
    status: 401,
    reason: 'missing_token',
    challenge: BARE_CHALLENGE,
  },
  {
    name: 'Basic scheme',
    authorization: () => `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    status: 401,
    reason: 'missing_token',
    challenge: BARE_CHALLENGE,
  },
  {
    name: 'Negotiate scheme',
    authorization: () => 'Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnag',
    status: 401,
    reason: 'missing_token',
    challenge: BARE_CHALLENGE,
  },
  {
    name: 'two Bearer tokens in one header',
    authorization: () => `Bearer ${genuine}, Bearer ${expired}`,
    status: 400,
    reason: 'malformed_authorization',
    challenge: INVALID_REQUEST,
  },
  {
    name: 'two tokens after one Bearer',
    authorization: () => `Bearer ${expired} ${genuine}`,
    status: 400,
    reason: 'malformed_authorization',
    challenge: INVALID_REQUEST,
  },
  {
    name: 'Bearer and a tab',
    authorization: () => `Bearer\t${expired}`,
    status: 400,
    reason: 'malformed_authorization',
    challenge: INVALID_REQUEST,
  },
  {
    name: 'Bearer without a token',
    authorization: () => 'Bearer',
    status: 400,
    reason: 'malformed_authorization',
  },
  {
    name: 'quoted token',
    authorization: () => `Bearer "${expired}"`,
    status: 400,
    reason: 'malformed_authorization',
  },
  {
    name: 'Latin-1 character in the token',
    authorization: () => `Bearer ${expired.slice(0, 20)}\u00e9${expired.slice(20)}`,
    status: 400,
    reason: 'malformed_authorization',
  },
  {
    name: 'Bearer with extra spaces (accepted, then checked)',
    authorization: () => `Bearer    ${expired}`,
    status: 401,
    reason: 'token_expired',
    challenge: INVALID_TOKEN,
  },
  {
    name: 'lower-case bearer (accepted, then checked)',
    authorization: () => `bearer ${expired}`,
    status: 401,
    reason: 'token_expired',
    challenge: INVALID_TOKEN,
  },
  {
    name: 'long b64token (12 KB)',
    authorization: () => `Bearer ${'a'.repeat(12_000)}`,
    status: 401,
    reason: 'token_malformed',
    challenge: INVALID_TOKEN,
  },
  { name: 'very long header (64 KB)', authorization: () => `Bearer ${'a'.repeat(64 * 1024)}`, status: 431 },
];

describe('Authorization header abuse on GET /api/me', () => {
  it.each(headerAbuse.map((c) => [c.name, c.status, c] as const))(
    '%s → %i, nothing written',
    async (_name, status, abuse) => {
      const authorization = abuse.authorization();
      const response = await call(`${stack.url}/api/me`, {
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.status).toBe(status);
      if (abuse.reason) expect(response.body).toMatchObject({ reason: abuse.reason });
      const challenge = response.headers.get('www-authenticate');
      if (typeof abuse.challenge === 'string') expect(challenge).toBe(abuse.challenge);
      else if (abuse.challenge) expect(challenge).toMatch(abuse.challenge);
      expect(await stack.count('Users')).toBe(0);
    },
  );

  it('two Authorization headers are refused like two tokens', async () => {
    const headers = new Headers();
    headers.append('authorization', `Bearer ${genuine}`);
    headers.append('authorization', `Bearer ${expired}`);
    const response = await call(`${stack.url}/api/me`, { headers });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ reason: 'malformed_authorization' });
    expect(await stack.count('Users')).toBe(0);
  });

  it('does not read a token from the query string (RFC 6750 §2.3 is not supported)', async () => {
    const response = await call(`${stack.url}/api/me?access_token=${genuine}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(BARE_CHALLENGE);
    expect(await stack.count('Users')).toBe(0);
  });
});

describe('control', () => {
  it('a well-formed exchange after all that is accepted and writes exactly one user', async () => {
    expect((await exchange(stack.url, genuine)).status).toBe(200);
    expect(await stack.count('Users')).toBe(1);
    expect(stack.logs()).not.toMatch(/unexpected /);
  });
});
