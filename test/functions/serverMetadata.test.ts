import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { auth } from 'express-oauth2-jwt-bearer';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../dev/demoTenant';
import { call, platformToken } from '../support/client';
import { findPythonWithJwt } from '../support/python';
import { REPO_ROOT, type Stack, startStack } from '../support/stack';

/**
 * The metadata document is proven by the libraries platform services actually use, each
 * configured with nothing but the issuer URL (and the audience they serve): if one stops
 * accepting the document, its test fails here.
 */
let stack: Stack;
let issuer: string;
let fresh: string;
let tampered: string;
const bob = demoUser('bob');

beforeAll(async () => {
  stack = await startStack();
  issuer = `${stack.url}/api`;
  fresh = await platformToken(
    stack.url,
    await stack.authority.userToken({ user: bob, overrides: { groups: ['Analysts'] } }),
  );
  // Same header and signature, a payload that claims admin rights.
  const [header, , signature] = fresh.split('.');
  const payload = Buffer.from(JSON.stringify({ ...decodeJwt(fresh), admin: true })).toString('base64url');
  tampered = `${header}.${payload}.${signature}`;
});
afterAll(() => stack?.stop());

describe('the metadata document', () => {
  it('is the same at the OpenID location and the RFC 8414 location, with the keys’ algorithms', async () => {
    const oidc = await call(`${issuer}/.well-known/openid-configuration`);
    const rfc8414 = await call(`${stack.url}/.well-known/oauth-authorization-server/api`);
    expect(oidc.status).toBe(200);
    expect(rfc8414.status).toBe(200);
    expect(rfc8414.body).toEqual(oidc.body);
    expect(oidc.body).toMatchObject({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      token_endpoint: `${issuer}/token`,
      introspection_endpoint: `${issuer}/introspect`,
      id_token_signing_alg_values_supported: ['ES256'],
      response_types_supported: [],
    });
    // No OpenID Connect or interactive flow is announced: the bridge runs none.
    for (const member of [
      'authorization_endpoint',
      'userinfo_endpoint',
      'scopes_supported',
      'claims_supported',
    ])
      expect(oidc.body).not.toHaveProperty(member);
  });

  it('is cached briefly, and the key set so that a new key is seen within minutes', async () => {
    const keys = await call(`${issuer}/.well-known/jwks.json`);
    expect(keys.headers.get('cache-control')).toBe('public, max-age=300');
    expect(keys.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    expect((await call(`${issuer}/.well-known/openid-configuration`)).headers.get('cache-control')).toBe(
      'public, max-age=300',
    );
  });
});

describe('express-oauth2-jwt-bearer, configured with issuerBaseURL', () => {
  let url: string;
  let close: () => void;
  beforeAll(async () => {
    const app = express();
    app.use(auth({ issuerBaseURL: issuer, audience: 'platform', strict: true }));
    app.get('/resource', (req, res) => {
      res.json({ sub: req.auth?.payload.sub });
    });
    app.use(
      (err: { status?: number; message: string }, _req: unknown, res: express.Response, _next: unknown) => {
        res.status(err.status ?? 500).json({ error: err.message });
      },
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/resource`;
    close = () => server.close();
  });
  afterAll(() => close?.());

  it('accepts a fresh platform token', async () => {
    const response = await call(url, { headers: { authorization: `Bearer ${fresh}` } });
    expect(response.body).toEqual({ sub: bob.id });
    expect(response.status).toBe(200);
  });

  it('refuses a tampered one', async () => {
    const response = await call(url, { headers: { authorization: `Bearer ${tampered}` } });
    expect(response.status).toBe(401);
  });
});

describe("oauth4webapi's validateJwtAccessToken (RFC 9068), through discovery", () => {
  // Plain http is the local stack's; Azure serves https and needs no such option.
  const insecure = { [oauth.allowInsecureRequests]: true } as const;
  const discover = async (algorithm: 'oauth2' | 'oidc') => {
    const response = await oauth.discoveryRequest(new URL(issuer), { algorithm, ...insecure });
    return oauth.processDiscoveryResponse(new URL(issuer), response);
  };
  const request = (token: string) =>
    new Request('https://service.example/resource', { headers: { authorization: `Bearer ${token}` } });

  it.each(['oauth2', 'oidc'] as const)('accepts a fresh token (%s discovery)', async (algorithm) => {
    const as = await discover(algorithm);
    const claims = await oauth.validateJwtAccessToken(as, request(fresh), 'platform', insecure);
    expect(claims).toMatchObject({ sub: bob.id, iss: issuer, aud: 'platform' });
  });

  it('refuses a tampered token', async () => {
    const as = await discover('oauth2');
    await expect(oauth.validateJwtAccessToken(as, request(tampered), 'platform', insecure)).rejects.toThrow();
  });
});

describe("jose's createRemoteJWKSet from the discovered jwks_uri", () => {
  const verify = async (token: string) => {
    const metadata = (await call(`${issuer}/.well-known/openid-configuration`)).body as {
      issuer: string;
      jwks_uri: string;
      id_token_signing_alg_values_supported: string[];
    };
    return jwtVerify(token, createRemoteJWKSet(new URL(metadata.jwks_uri)), {
      issuer: metadata.issuer,
      audience: 'platform',
      typ: 'at+jwt',
      algorithms: metadata.id_token_signing_alg_values_supported,
    });
  };

  it('accepts a fresh token and refuses a tampered one', async () => {
    expect((await verify(fresh)).payload.sub).toBe(bob.id);
    await expect(verify(tampered)).rejects.toThrow(/signature/);
  });
});

describe('PyJWT (Debian python3-jwt) with PyJWKClient, outside Node', () => {
  const python = findPythonWithJwt();
  const script = join(REPO_ROOT, 'test/support/verify_platform_token.py');
  const run = (token: string) =>
    new Promise<{ code: number | null; out: Record<string, unknown> }>((resolve, reject) => {
      if (!python) {
        reject(new Error('No python3 with PyJWT: apt-get install -y python3-jwt python3-cryptography'));
        return;
      }
      execFile(python, [script, issuer, 'platform', token], (err, stdout) => {
        try {
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: JSON.parse(stdout) });
        } catch {
          reject(new Error(`the script printed no JSON: ${stdout} ${err?.message ?? ''}`));
        }
      });
    });

  it('accepts a fresh token', async () => {
    const { code, out } = await run(fresh);
    expect(out).toMatchObject({ ok: true, sub: bob.id });
    expect(code).toBe(0);
  });

  it('refuses a tampered token', async () => {
    const { code, out } = await run(tampered);
    expect(out).toMatchObject({ ok: false, error: 'InvalidSignatureError' });
    expect(code).toBe(1);
  });
});
