import { describe, expect, it } from 'vitest';
import { verifiedEntraToken } from '../../../src/lib/entra/verifiedEntraToken';
import { TokenRejectedError } from '../../../src/lib/errors';
import { CLIENT, OID, TENANT, unitConfig } from '../../support/unitFixtures';

const config = unitConfig();

describe('verifiedEntraToken', () => {
  it("is the caller policy's facts with the claims, the version, the tenant and `exp`", () => {
    const claims = { azp: CLIENT.toUpperCase(), scp: 'access other', oid: OID, exp: 1_700_003_600 };
    expect(verifiedEntraToken(config, claims, '2.0')).toEqual({
      claims,
      version: '2.0',
      kind: 'user',
      tenantId: TENANT,
      clientId: CLIENT,
      subjectId: OID,
      scopes: ['access', 'other'],
      appRoles: [],
      expiresAt: 1_700_003_600,
    });
  });

  it("throws the caller policy's refusal", () => {
    expect(() => verifiedEntraToken(config, { azp: 'someone-else', scp: 'access', oid: OID }, '2.0')).toThrow(
      TokenRejectedError,
    );
  });
});
