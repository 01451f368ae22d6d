import { createPublicKey } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { LocalAuthority } from '../../../dev/authority';
import { DEMO_TENANT, demoUser } from '../../../dev/demoTenant';

export const OTHER_TENANT = 'd0e1f2a3-b4c5-4d6e-8f7a-9b0c1d2e3f4a';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** base64url of a string as it is, or of a value's JSON. */
export const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** `depth` nested arrays around `inner`, as JSON text. */
export const nestedArrays = (depth: number, inner = '"x"') =>
  `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
export const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** The first `e` as a Cyrillic small ie: the same glyph, another code point. */
export const homoglyph = (text: string) => text.replace('e', '\u0435');

/**
 * Builds hostile tokens from a genuine token of the local authority (same keys, same claim
 * shapes), altered in exactly one way, so the expected reason is the only thing wrong with
 * it. Getters, so the table can be declared before the authority starts.
 */
export function tokenForge(getAuthority: () => LocalAuthority, getTrapUrl: () => string) {
  const bob = demoUser('bob');
  const now = () => Math.floor(Date.now() / 1000);
  /** bob's token, v2 unless told (the demo tenant's default). */
  const genuine = (version?: 1 | 2) =>
    getAuthority().userToken({ user: bob, version, overrides: { groups: ['Analysts'] } });
  const claims = async (version?: 1 | 2) => decodeJwt(await genuine(version)) as Record<string, unknown>;
  const resign = async (change: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    getAuthority().sign({ ...(await claims()), ...change }, { header });
  const resignV1 = async (change: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    getAuthority().sign({ ...(await claims(1)), ...change }, { header });
  /** The genuine claims under a header of the caller's, with no signature at all. */
  const unsigned = async (header: Record<string, unknown>, change: Record<string, unknown> = {}) =>
    `${b64(header)}.${b64({ ...(await claims()), ...change })}.`;
  const genuineHeader = async () => (await genuine()).split('.')[0] ?? '';
  /** The genuine token from its payload on: for headers JSON.stringify cannot make. */
  const afterHeader = async () => (await genuine()).split('.').slice(1).join('.');
  /** The genuine header, a payload given as raw JSON text, and a throw-away signature. */
  const rawPayload = async (json: string) => `${await genuineHeader()}.${b64(json)}.${b64('sig')}`;
  /** A genuine payload with one claim replaced by raw JSON text (for values JSON.stringify cannot make). */
  const rawClaim = async (name: string, jsonValue: string) => {
    const { [name]: _dropped, ...rest } = await claims();
    return rawPayload(`${JSON.stringify(rest).slice(0, -1)},"${name}":${jsonValue}}`);
  };
  /** The tenant's first signing key as PEM (what an HS256 confusion attack uses as the secret). */
  const publicPem = () => {
    const jwk = getAuthority().publicJwks(DEMO_TENANT.tenantId).keys[0] as Record<string, unknown>;
    return createPublicKey({ key: jwk as never, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
  };
  const v2Issuer = () => `${getAuthority().url}/${DEMO_TENANT.tenantId}/v2.0`;

  return {
    authority: getAuthority,
    trapUrl: getTrapUrl,
    bob,
    now,
    genuine,
    claims,
    resign,
    resignV1,
    unsigned,
    genuineHeader,
    afterHeader,
    rawPayload,
    rawClaim,
    publicPem,
    v2Issuer,
  };
}

export type TokenForge = ReturnType<typeof tokenForge>;
