import { describe, expect, it } from 'vitest';
import { recordTokenChecks, runTokenChecks } from '../../../src/lib/entra/runTokenChecks';
import { createTokenChecks, type SignatureCheck, tokenUnderCheck } from '../../../src/lib/entra/tokenChecks';
import { API, CLIENT, OID, refusalReason as reasonOf, TENANT, unitConfig } from '../../support/unitFixtures';

const config = unitConfig();
const NOW = 1_700_000_000;
const V2_ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: V2_ISSUER,
  aud: API,
  tid: TENANT,
  ver: '2.0',
  azp: CLIENT,
  scp: 'access',
  oid: OID,
  iat: NOW - 60,
  exp: NOW + 3600,
  ...overrides,
});
const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: object, header: object = { alg: 'RS256', kid: 'k1' }) =>
  `${part(header)}.${part(payload)}.c2ln`;

/** The table over a signature check that answers `answer` and notes what it was asked. */
function checksAnswering(answer: () => Promise<Record<string, unknown>>) {
  const asked: Parameters<SignatureCheck>[] = [];
  const checks = createTokenChecks(
    config,
    () => NOW,
    (...args) => {
      asked.push(args);
      return answer();
    },
  );
  return { checks, asked };
}

describe('the table of token checks', () => {
  it('lists the checks in the order explain shows them', () => {
    const { checks } = checksAnswering(async () => claims());
    expect(checks.map((c) => c.name)).toEqual([
      'format',
      'header',
      'not_for_graph',
      'tenant',
      'version',
      'signature_and_lifetime',
      'issued_at',
      'caller',
    ]);
  });

  it('verifies a good token through the signature check with its header and version', async () => {
    const { checks, asked } = checksAnswering(async () => claims());
    const token = jwt(claims());
    const verified = await runTokenChecks(checks, tokenUnderCheck(token));
    expect(verified).toMatchObject({ version: '2.0', clientId: CLIENT, kind: 'user', expiresAt: NOW + 3600 });
    expect(asked).toEqual([[token, { alg: 'RS256', kid: 'k1' }, '2.0']]);
  });

  it('names faults found without keys before asking for the signature', async () => {
    const { checks, asked } = checksAnswering(async () => claims());
    const cases: [string, string][] = [
      ['a.b', 'token_malformed'],
      [jwt(claims({ tid: 5 })), 'invalid_claim'],
      [jwt(claims(), { alg: 'HS256', kid: 'k1' }), 'unsupported_algorithm'],
      [jwt(claims(), { alg: 'RS256', kid: 'k1', jku: 'https://x' }), 'forbidden_header'],
      [jwt(claims(), { alg: 'RS256' }), 'missing_kid'],
      [jwt(claims({ aud: 'https://graph.microsoft.com' })), 'wrong_audience_graph_token'],
      [jwt(claims({ tid: '99999999-9999-4999-8999-999999999999' })), 'tenant_not_allowed'],
      [jwt(claims({ ver: '3.0' })), 'version_not_accepted'],
    ];
    for (const [token, reason] of cases) {
      expect(await reasonOf(() => runTokenChecks(checks, tokenUnderCheck(token)))).toBe(reason);
      const recorded = await recordTokenChecks(checks, tokenUnderCheck(token));
      expect(recorded.steps.filter((s) => !s.ok).map((s) => s.reason)).toEqual([reason]);
    }
    expect(asked).toEqual([]);
  });

  it('checks what the signature check verified: the time of issue, then the caller', async () => {
    const future = checksAnswering(async () => claims({ iat: NOW + 3600 }));
    expect(await reasonOf(() => runTokenChecks(future.checks, tokenUnderCheck(jwt(claims()))))).toBe(
      'token_issued_in_future',
    );
    const foreign = checksAnswering(async () => claims({ azp: '99999999-9999-4999-8999-999999999999' }));
    expect(await reasonOf(() => runTokenChecks(foreign.checks, tokenUnderCheck(jwt(claims()))))).toBe(
      'client_not_allowed',
    );
  });

  it("takes jose's earlier claims without asking again, holding `iss` to the issuer of the token's version", async () => {
    const { checks, asked } = checksAnswering(async () => claims());
    const issuers = new Map([['2.0', V2_ISSUER] as const]);
    const token = jwt(claims());
    expect(runTokenChecks(checks, tokenUnderCheck(token, { claims: claims(), issuers }))).toMatchObject({
      clientId: CLIENT,
    });
    const otherIssuer = new Map([['2.0', 'https://sts.windows.net/other/'] as const]);
    expect(
      await reasonOf(() =>
        runTokenChecks(checks, tokenUnderCheck(token, { claims: claims(), issuers: otherIssuer })),
      ),
    ).toBe('issuer_mismatch');
    expect(asked).toEqual([]);
  });

  it("answers the signature step with jose's earlier error, after the checks that need no keys", async () => {
    const { checks, asked } = checksAnswering(async () => claims());
    const error = Object.assign(new Error('signature'), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    expect(await reasonOf(() => runTokenChecks(checks, tokenUnderCheck(jwt(claims()), { error })))).toBe(
      'bad_signature',
    );
    expect(
      await reasonOf(() => runTokenChecks(checks, tokenUnderCheck(jwt(claims({ ver: 'x' })), { error }))),
    ).toBe('version_not_accepted');
    expect(asked).toEqual([]);
  });
});
