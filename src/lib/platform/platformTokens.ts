import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, jwtVerify, SignJWT } from 'jose';
import type { BridgeConfig } from '../config/bridgeConfig';
import { joseVerdict } from '../entra/translateJoseError';
import { TokenRejectedError } from '../errors';
import { createEs256Signer } from './es256Signer';
import type { SigningKeys } from './signingKeys';
import { platformTokenExpiry } from './tokenLifetime';

/** Claims of a platform access token (RFC 9068 §2.2 plus ours). */
export interface PlatformClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string;
  readonly client_id: string;
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
  readonly tid: string;
  readonly oid: string;
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  readonly admin: boolean;
}

export interface IssueRequest {
  readonly subject: string;
  readonly clientId: string;
  readonly tenantId: string;
  readonly oid: string;
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  readonly admin: boolean;
  /** `exp` of the Entra token: the platform token never outlives it. */
  readonly notAfter: number;
}

export interface PlatformTokens {
  issue(request: IssueRequest): Promise<{ token: string; expiresIn: number; claims: PlatformClaims }>;
  /** Verifies a platform token we issued; throws `TokenRejectedError`. */
  verify(token: string): Promise<PlatformClaims>;
  /** True when the token's (unverified) issuer is ours: which verifier to use on `/me`. */
  looksLikeOurs(token: string): boolean;
  /** Public keys for `/.well-known/jwks.json`. */
  readonly jwks: { keys: readonly Record<string, unknown>[] };
}

/**
 * Issues and verifies RFC 9068 JWT access tokens (`typ: at+jwt`) signed by the bridge.
 *
 * @example
 * const tokens = createPlatformTokens(config, await loadSigningKeys(config.bridge.signingKeys));
 */
export function createPlatformTokens(
  config: BridgeConfig,
  keys: SigningKeys,
  now: () => number = () => Math.floor(Date.now() / 1000),
): PlatformTokens {
  const jwks = { keys: keys.all.map((k) => ({ ...k.publicJwk })) };
  const localKeys = createLocalJWKSet(jwks);
  const { issuer, audience, tokenLifetimeSeconds } = config.bridge;
  const header = { alg: keys.current.alg, kid: keys.current.kid, typ: 'at+jwt' };
  // ES256 (the default) is signed through node:crypto, other algorithms through jose.
  const fastSign = createEs256Signer(keys.current.privateKey, header);
  return {
    jwks,
    async issue(request) {
      const iat = now();
      const exp = platformTokenExpiry(iat, tokenLifetimeSeconds, request.notAfter);
      const claims: PlatformClaims = {
        iss: issuer,
        sub: request.subject,
        aud: audience,
        client_id: request.clientId,
        iat,
        exp,
        jti: randomUUID(),
        tid: request.tenantId,
        oid: request.oid,
        groups: request.groups,
        roles: request.roles,
        admin: request.admin,
      };
      const token = fastSign
        ? fastSign(claims)
        : await new SignJWT({ ...claims }).setProtectedHeader(header).sign(keys.current.privateKey);
      return { token, expiresIn: exp - iat, claims };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, localKeys, {
          issuer,
          audience,
          typ: 'at+jwt',
          algorithms: [...new Set(keys.all.map((k) => k.alg))],
          currentDate: new Date(now() * 1000),
          requiredClaims: ['sub', 'exp', 'iat', 'tid'],
        });
        return payload as unknown as PlatformClaims;
      } catch (err) {
        // Services only need to know whether to sign in again (expired) or not (anything else).
        if (joseVerdict(err)?.reason === 'token_expired')
          throw new TokenRejectedError('token_expired', 'The platform token has expired.', { cause: err });
        throw new TokenRejectedError('invalid_platform_token', 'The platform token is not valid.', {
          cause: err,
        });
      }
    },
    looksLikeOurs(token) {
      try {
        return decodeJwt(token).iss === issuer;
      } catch {
        return false;
      }
    },
  };
}
