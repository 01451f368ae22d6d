import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { createLocalJWKSet, type JSONWebKeySet, type JWK, jwtVerify, UnsecuredJWT } from 'jose';
import { loadConfig } from '../src/lib/config/loadConfig';
import { checkCallerPolicy } from '../src/lib/entra/callerPolicy';
import { checkClaimShapes } from '../src/lib/entra/claimShapes';
import { inspectVerifiedToken } from '../src/lib/entra/inspectToken';
import { createEntraTokenVerifier } from '../src/lib/entra/verifyEntraToken';
import { cpuMicrosPerCall, interleavedRates, type Rates } from './measure';

export interface ValidationInput {
  readonly token: string;
  readonly settings: Readonly<Record<string, string>>;
  /** The tenant's public key set, as the authority publishes it. */
  readonly jwks: { keys: readonly object[] };
  readonly fetch: typeof fetch;
  readonly rounds: number;
  readonly iterations: number;
}

export interface ValidationResult {
  /** Verifications per second (wall and CPU time), medians of interleaved rounds. */
  readonly ours: Rates;
  readonly jose: Rates;
  readonly crypto: Rates;
  /**
   * CPU µs per call of the checks our verifier adds after jose on a good token (the format
   * of the text jose decoded, claim shapes, caller policy): all it does that jose does not.
   */
  readonly ownChecksMicros: number;
  /**
   * CPU µs per call of jose's claims validation as our verifier runs it after node:crypto
   * verified the signature (`UnsecuredJWT.decode` of the payload with the same options).
   */
  readonly joseClaimsMicros: number;
  readonly iterationsPerContender: number;
}

/**
 * Our verifier against plain `jose.jwtVerify` with a local key set (same RS256 token, same
 * issuer, audience, tolerance and required claims) and against raw `crypto.verify` of the
 * same signing input — the floor any JWT library stands on — plus what our verifier spends
 * besides that signature: jose's claims validation and our own checks.
 */
export async function runValidationBenchmark(input: ValidationInput): Promise<ValidationResult> {
  const { token } = input;
  const config = loadConfig(input.settings);
  const verifier = createEntraTokenVerifier(config, { fetch: input.fetch });
  const verified = await verifier.verify(token); // fetches discovery and keys once
  const issuer = verified.claims.iss as string;

  const localKeys = createLocalJWKSet(input.jwks as JSONWebKeySet);
  const joseOptions = {
    algorithms: ['RS256'],
    issuer,
    audience: [...config.acceptedAudiences],
    clockTolerance: config.clockSkewSeconds,
    requiredClaims: ['exp', 'iat'],
  };
  await jwtVerify(token, localKeys, joseOptions);

  const [headerPart, payloadPart, signaturePart] = token.split('.') as [string, string, string];
  const kid = (JSON.parse(Buffer.from(headerPart, 'base64url').toString()) as { kid: string }).kid;
  const jwk = input.jwks.keys.find((k) => (k as JWK).kid === kid) as JWK;
  const publicKey = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  const signingInput = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  if (!cryptoVerify('RSA-SHA256', signingInput, publicKey, signature)) throw new Error('raw verify failed');

  const rates = await interleavedRates(
    {
      ours: () => verifier.verify(token),
      jose: () => jwtVerify(token, localKeys, joseOptions),
      crypto: () => cryptoVerify('RSA-SHA256', signingInput, publicKey, signature),
    },
    { rounds: input.rounds, iterations: input.iterations, warmup: Math.min(2000, input.iterations) },
  );
  const ownChecksMicros = await cpuMicrosPerCall(() => {
    checkClaimShapes(inspectVerifiedToken(token, verified.claims).payload);
    checkCallerPolicy(config, verified.claims);
  }, input.iterations);
  const joseClaimsMicros = await cpuMicrosPerCall(
    () => UnsecuredJWT.decode(`eyJhbGciOiJub25lIn0.${payloadPart}.`, joseOptions),
    input.iterations,
  );
  const none = { wall: Number.NaN, cpu: Number.NaN };
  return {
    ours: rates.ours ?? none,
    jose: rates.jose ?? none,
    crypto: rates.crypto ?? none,
    ownChecksMicros,
    joseClaimsMicros,
    iterationsPerContender: input.rounds * input.iterations,
  };
}
