import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAuthority, startAuthority } from '../../dev/authority';
import { DEMO_TENANT, demoClient, demoUser } from '../../dev/demoTenant';
import { serverTls } from '../support/testCa';

const TID = DEMO_TENANT.tenantId;
const consoleClient = demoClient('console');
const REDIRECT = 'http://127.0.0.1:7071/api/console/';
const ORIGIN = 'http://127.0.0.1:7071';
const SCOPE = `${DEMO_TENANT.apiAppIdUri}/access_as_user offline_access`;

let authority: LocalAuthority;
let base: string;

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

const authorizeParams = (challenge: string, extra: Record<string, string> = {}) => ({
  client_id: consoleClient.appId,
  response_type: 'code',
  redirect_uri: REDIRECT,
  scope: SCOPE,
  state: 'st-1',
  code_challenge: challenge,
  code_challenge_method: 'S256',
  ...extra,
});

/** Plays the user on the sign-in page: the form posts back to the same URL. */
async function signIn(params: Record<string, string>, username = 'alice@contoso.test', password = 'demo') {
  return fetch(`${base}/${TID}/oauth2/v2.0/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...params, username, password }),
  });
}

async function codeFor(verifierChallenge = pkce()) {
  const res = await signIn(authorizeParams(verifierChallenge.challenge));
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  return { code: location.searchParams.get('code') ?? '', ...verifierChallenge, location };
}

const redeem = (form: Record<string, string>, origin: string | null = ORIGIN) =>
  fetch(`${base}/${TID}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(origin ? { origin } : {}),
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: consoleClient.appId, ...form }),
  });

beforeAll(async () => {
  authority = await startAuthority({ tls: await serverTls(), browserPort: 0 });
  base = authority.browserUrl ?? '';
});
afterAll(() => authority.close());

describe('local authority: authorization code flow with PKCE for the console (SPA)', () => {
  it('serves a plain-http loopback listener for browsers beside the https one', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(authority.url).toMatch(/^https:/);
  });

  it('shows a sign-in page with the demo users, carrying the request through', async () => {
    const { challenge } = pkce();
    const res = await fetch(
      `${base}/${TID}/oauth2/v2.0/authorize?${new URLSearchParams(authorizeParams(challenge))}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('alice@contoso.test');
    expect(html).toContain(`name="code_challenge" value="${challenge}"`);
    expect(html).not.toContain('<script');
  });

  it('redirects back with a code and the state, which redeems once for an Entra-shaped token', async () => {
    const { code, verifier, location } = await codeFor();
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st-1');
    const res = await redeem({ code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const body = (await res.json()) as { access_token: string; refresh_token?: string };
    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({
      azp: consoleClient.appId,
      oid: demoUser('alice').id,
      scp: 'access_as_user',
      tid: TID,
    });
    expect(claims.iss).toBe(`${authority.url}/${TID}/v2.0`);
    expect(body.refresh_token).toBeTruthy();
    const again = await redeem({ code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error_codes: number[] }).error_codes).toEqual([54005]);
  });

  it('refuses a wrong verifier, a missing verifier, another redirect URI and a same-origin (no Origin) redemption', async () => {
    const cases: [Record<string, string>, string | null, number][] = [];
    const a = await codeFor();
    cases.push([{ code: a.code, redirect_uri: REDIRECT, code_verifier: pkce().verifier }, ORIGIN, 501481]);
    const b = await codeFor();
    cases.push([{ code: b.code, redirect_uri: REDIRECT }, ORIGIN, 900144]);
    const c = await codeFor();
    cases.push([
      { code: c.code, redirect_uri: 'http://127.0.0.1:9/other/', code_verifier: c.verifier },
      ORIGIN,
      70002,
    ]);
    const d = await codeFor();
    cases.push([{ code: d.code, redirect_uri: REDIRECT, code_verifier: d.verifier }, null, 9002327]);
    for (const [form, origin, aadsts] of cases) {
      const res = await redeem(form, origin);
      expect(res.status, String(aadsts)).toBe(400);
      expect(((await res.json()) as { error_codes: number[] }).error_codes).toEqual([aadsts]);
    }
  });

  it('insists on S256 and a challenge, redirecting the error back with the state', async () => {
    const variants: Record<string, string>[] = [{ code_challenge_method: 'plain' }, { code_challenge: '' }];
    for (const extra of variants) {
      const res = await fetch(
        `${base}/${TID}/oauth2/v2.0/authorize?${new URLSearchParams(authorizeParams(pkce().challenge, extra))}`,
        { redirect: 'manual' },
      );
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location') ?? '');
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('state')).toBe('st-1');
    }
  });

  it('never redirects to an unregistered redirect URI, and refuses a wrong password on the page', async () => {
    const evil = await fetch(
      `${base}/${TID}/oauth2/v2.0/authorize?${new URLSearchParams(authorizeParams(pkce().challenge, { redirect_uri: 'https://evil.example/cb' }))}`,
      { redirect: 'manual' },
    );
    expect(evil.status).toBe(400);
    expect(evil.headers.get('location')).toBeNull();
    expect(await evil.text()).toContain('AADSTS50011');
    const wrong = await signIn(authorizeParams(pkce().challenge), 'alice@contoso.test', 'nope');
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('incorrect');
  });

  it('answers CORS on the token endpoint for SPA origins only, preflight included', async () => {
    const pre = await fetch(`${base}/${TID}/oauth2/v2.0/token`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:8080', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:8080');
    const foreign = await redeem(
      { code: 'x', redirect_uri: REDIRECT, code_verifier: 'y' },
      'https://evil.example',
    );
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('renews with the refresh token from the browser', async () => {
    const { code, verifier } = await codeFor();
    const first = (await (
      await redeem({ code, redirect_uri: REDIRECT, code_verifier: verifier })
    ).json()) as {
      refresh_token: string;
    };
    const res = await fetch(`${base}/${TID}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: consoleClient.appId,
        refresh_token: first.refresh_token,
        scope: SCOPE,
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});
