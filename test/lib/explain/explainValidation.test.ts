import { describe, expect, it } from 'vitest';
import type { EntraTokenVerifier } from '../../../src/lib/entra/verifyEntraToken';
import { TokenRejectedError } from '../../../src/lib/errors';
import { explainValidation } from '../../../src/lib/explain/explainValidation';
import { CLIENT, OID, TENANT, unitConfig } from '../../support/unitFixtures';

const config = unitConfig();
const claims = (overrides: Record<string, unknown> = {}) => ({
  tid: TENANT,
  ver: '2.0',
  azp: CLIENT,
  scp: 'access',
  oid: OID,
  exp: 1_700_003_600,
  ...overrides,
});
const noVerifier = {} as EntraTokenVerifier;
const refusing = (steps: { step: string; ok: boolean }[]) =>
  ({
    explain: async () => ({
      steps,
      error: new TokenRejectedError('bad_signature', 'The token signature does not verify.'),
    }),
  }) as unknown as EntraTokenVerifier;
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('explainValidation with claims', () => {
  it('skips validation and reads the claims through the caller check', async () => {
    const { validation, token } = await explainValidation(
      { config, verifier: noVerifier },
      { claims: claims() },
    );
    expect(validation).toEqual({
      performed: false,
      ok: true,
      steps: [{ step: 'caller', ok: true }],
      note: 'claims given, validation skipped',
    });
    expect(token).toMatchObject({ kind: 'user', clientId: CLIENT, subjectId: OID, expiresAt: 1_700_003_600 });
  });

  it('records a caller refusal and still reads who the claims name', async () => {
    const { validation, token } = await explainValidation(
      { config, verifier: noVerifier },
      { claims: claims({ azp: '99999999-9999-4999-8999-999999999999', exp: 'soon' }) },
    );
    expect(validation.steps).toEqual([
      expect.objectContaining({ step: 'caller', ok: false, reason: 'client_not_allowed' }),
    ]);
    expect(token).toMatchObject({ kind: 'user', subjectId: OID, scopes: ['access'], expiresAt: 0 });
  });
});

describe('explainValidation with a token', () => {
  it("reports the verifier's steps and maps the unverified claims of a refused token", async () => {
    const steps = [
      { step: 'format', ok: true },
      { step: 'signature_and_lifetime', ok: false },
    ];
    const jwt = `${encode({ alg: 'RS256', kid: 'k' })}.${encode(claims())}.c2ln`;
    const { validation, token } = await explainValidation(
      { config, verifier: refusing(steps) },
      { token: jwt },
    );
    expect(validation).toMatchObject({ performed: true, ok: false, steps, reason: 'bad_signature' });
    expect(validation.note).toMatch(/unverified claims/);
    expect(token.subjectId).toBe(OID);
  });

  it('says so when a refused token cannot even be decoded', async () => {
    const { validation, token } = await explainValidation(
      { config, verifier: refusing([]) },
      { token: 'not a token' },
    );
    expect(validation.note).toBe('the token cannot be decoded; nothing to map');
    expect(token.subjectId).toBe('');
  });
});
