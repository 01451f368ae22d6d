import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';

/**
 * The bare reference for the exchange benchmark: `node:http`, the same `jose.jwtVerify`
 * (remote key set of the local authority) and the same ES256 `SignJWT` as the bridge, with
 * no storage, no mapping and no Functions host. Run as its own process (like the host), so
 * neither shares an event loop with the load generator:
 *
 *   REF_AUTHORITY=https://127.0.0.1:P REF_TENANT=… REF_AUDIENCES=a,b BRIDGE_SIGNING_KEYS=… \
 *   NODE_EXTRA_CA_CERTS=ca.pem node dist/bench/referenceServer.js
 *
 * Prints `listening on <port>` once ready.
 */
async function main(): Promise<void> {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const authority = env('REF_AUTHORITY');
  const tenant = env('REF_TENANT');
  const discovery = (await (
    await fetch(`${authority}/${tenant}/v2.0/.well-known/openid-configuration`)
  ).json()) as { issuer: string; jwks_uri: string };
  const issuer = discovery.issuer.replaceAll('{tenantid}', tenant);
  const keys = createRemoteJWKSet(new URL(discovery.jwks_uri));
  const [jwk] = (JSON.parse(env('BRIDGE_SIGNING_KEYS')) as { keys: JWK[] }).keys;
  if (!jwk?.kid) throw new Error('BRIDGE_SIGNING_KEYS has no key');
  const signingKey = await importJWK(jwk, 'ES256');
  const verifyOptions = {
    algorithms: ['RS256'],
    issuer,
    audience: env('REF_AUDIENCES').split(','),
    clockTolerance: 300,
    requiredClaims: ['exp', 'iat'],
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      exchange(form.get('subject_token') ?? '').then(
        (body) => {
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify(body));
        },
        () => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end('{"error":"invalid_grant"}');
        },
      );
    });
  });

  async function exchange(subjectToken: string) {
    const { payload } = await jwtVerify(subjectToken, keys, verifyOptions);
    const iat = Math.floor(Date.now() / 1000);
    // The same claim set as a platform token, so both sign the same amount of JSON.
    const oid = String(payload.oid);
    const claims = { sub: oid, oid, tid: String(payload.tid), client_id: String(payload.azp) };
    const token = await new SignJWT({ ...claims, groups: payload.groups ?? [], roles: [], admin: false })
      .setProtectedHeader({ alg: 'ES256', kid: jwk?.kid as string, typ: 'at+jwt' })
      .setIssuer('http://127.0.0.1/api')
      .setAudience('platform')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .setJti(crypto.randomUUID())
      .sign(signingKey);
    return {
      access_token: token,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'Bearer',
      expires_in: 3600,
    };
  }

  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    process.stdout.write(`listening on ${(server.address() as AddressInfo).port}\n`);
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`reference server failed: ${(error as Error)?.stack ?? error}\n`);
    process.exit(1);
  });
}
