import { DEMO_TENANT, demoClient } from '../../../dev/demoTenant';
import type { ClassCases } from './hostileCase';
import { homoglyph } from './tokenForge';

/**
 * Validly signed tokens with claims of the wrong JSON type (a verifier that coerces
 * `"9999999999"` or `true` to a time, or an array to a string, can be talked round), callers
 * the policy does not admit (client app, scope, app role; RFC 9068 §4's authorization
 * checks as Entra expresses them), and user identifiers the bridge cannot store faithfully.
 */
export const callerClaimCases: ClassCases = {
  'claim type': (f) => [
    { name: 'tid as a number', reason: 'invalid_claim', token: () => f.resign({ tid: 12345 }) },
    {
      name: 'exp as a string',
      reason: 'invalid_claim',
      token: () => f.resign({ exp: String(f.now() + 3600) }),
    },
    {
      name: 'nbf as a string',
      reason: 'invalid_claim',
      token: () => f.resign({ nbf: String(f.now() - 60) }),
    },
    { name: 'iat as a string', reason: 'invalid_claim', token: () => f.resign({ iat: String(f.now()) }) },
    {
      name: 'exp as a far-future string',
      reason: 'invalid_claim',
      token: () => f.resign({ exp: '9999999999' }),
    },
    { name: 'exp as a boolean', reason: 'invalid_claim', token: () => f.resign({ exp: true }) },
    { name: 'exp null', reason: 'invalid_claim', token: () => f.resign({ exp: null }) },
    {
      name: 'exp overflowing to Infinity (1e400)',
      reason: 'invalid_claim',
      token: () => f.rawClaim('exp', '1e400'),
    },
    { name: 'exp missing', reason: 'invalid_claim', token: () => f.resign({ exp: undefined }) },
    {
      name: 'groups with an object',
      reason: 'invalid_claim',
      token: () => f.resign({ groups: [{ id: 'x' }] }),
    },
    { name: 'roles as a string', reason: 'invalid_claim', token: () => f.resign({ roles: 'admin' }) },
    { name: 'ver as a number', reason: 'invalid_claim', token: () => f.resign({ ver: 2 }) },
    {
      name: 'scp as an array',
      reason: 'invalid_claim',
      token: () => f.resign({ scp: ['access_as_user'] }),
    },
    { name: 'iss as an array', reason: 'invalid_claim', token: () => f.resign({ iss: ['a', 'b'] }) },
    {
      name: 'aud as an object',
      reason: 'invalid_claim',
      token: () => f.resign({ aud: { id: DEMO_TENANT.apiAppId } }),
    },
    { name: 'azp as a number', reason: 'invalid_claim', token: () => f.resign({ azp: 42 }) },
  ],
  'caller policy': (f) => [
    {
      name: 'client not allowed',
      reason: 'client_not_allowed',
      token: () => f.resign({ azp: demoClient('other').appId }),
    },
    { name: 'client claim missing', reason: 'client_not_allowed', token: () => f.resign({ azp: undefined }) },
    {
      name: 'azp with a Cyrillic look-alike',
      reason: 'client_not_allowed',
      token: () => f.resign({ azp: homoglyph(demoClient('web').appId) }),
    },
    {
      name: 'azp with a trailing zero-width joiner',
      reason: 'client_not_allowed',
      token: () => f.resign({ azp: `${demoClient('web').appId}\u200d` }),
    },
    {
      name: 'v1 appid with a look-alike',
      reason: 'client_not_allowed',
      token: () => f.resignV1({ appid: homoglyph(demoClient('web').appId) }),
    },
    {
      name: 'token of a foreign client app (not allowed)',
      reason: 'client_not_allowed',
      token: () => f.authority().userToken({ user: f.bob, clientAppId: demoClient('graph').appId }),
    },
    { name: 'empty scope (delegated token)', reason: 'missing_scope', token: () => f.resign({ scp: '' }) },
    {
      name: 'app-only token without app role',
      reason: 'missing_app_role',
      token: () => f.authority().appToken({ clientAppId: demoClient('daemon').appId, roles: [] }),
    },
  ],
  'user id': (f) => [
    { name: 'user ID claim missing', reason: 'missing_user_id', token: () => f.resign({ oid: undefined }) },
    { name: 'user ID claim empty', reason: 'missing_user_id', token: () => f.resign({ oid: ' ' }) },
    {
      name: 'user ID claim longer than 256 characters',
      reason: 'missing_user_id',
      token: () => f.resign({ oid: 'o'.repeat(257) }),
    },
    {
      name: 'user ID claim with a lone surrogate',
      reason: 'invalid_claim',
      token: () => f.resign({ oid: 'ab\ud800cd' }),
    },
    {
      name: 'user ID claim too long once encoded for Table keys',
      reason: 'invalid_claim',
      token: () => f.resign({ oid: '%'.repeat(250) }),
    },
  ],
};
