import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/lib/config/loadConfig';
import { verifiedEntraToken } from '../../../src/lib/entra/verifiedEntraToken';
import { TokenRejectedError } from '../../../src/lib/errors';

const TENANT = 'b3c1e6a2-5d4f-4e7a-9c8b-1a2d3e4f5a6b';
const CLIENT = '1f6d2a4c-3b5e-4d7f-8a9b-0c1d2e3f4a5b';
const OID = '0b6c4f5e-1d2a-4b3c-9e8f-7a6b5c4d3e2f';
const config = loadConfig({
  OAUTH_ENABLED: 'true',
  OAUTH_TENANT_ID: TENANT,
  OAUTH_APPLICATION_ID: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
  OAUTH_CLIENT_APPLICATION_IDS: CLIENT,
});

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
