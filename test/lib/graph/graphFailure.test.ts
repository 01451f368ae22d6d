import { describe, expect, it } from 'vitest';
import { retryAfterSeconds, toGraphFailure } from '../../../src/lib/graph/graphFailure';

describe('toGraphFailure', () => {
  it.each([
    [{ statusCode: 400, code: 'syncStateNotFound' }, 'sync_state_not_found'],
    [{ statusCode: 403, code: 'Authorization_RequestDenied' }, 'forbidden'],
    [{ statusCode: 401, code: 'InvalidAuthenticationToken' }, 'forbidden'],
    [{ statusCode: 404, code: 'Request_ResourceNotFound' }, 'not_found'],
    [{ statusCode: 429, code: 'TooManyRequests' }, 'unavailable'],
    [{ statusCode: 504, code: 'GatewayTimeout' }, 'unavailable'],
    [{ statusCode: -1, code: 'AuthenticationError' }, 'credential'],
    [{ statusCode: -1, code: 'TypeError' }, 'unavailable'],
    [{ statusCode: 400, code: 'BadRequest' }, 'bad_request'],
  ])('%o → %s, always a 503 directory_unavailable', (err, reason) => {
    const failure = toGraphFailure(err);
    expect(failure).toMatchObject({ reason, code: 'directory_unavailable', kind: 'unavailable' });
  });

  it('carries Retry-After (seconds or HTTP date) to the 503', () => {
    const headers = new Headers({ 'Retry-After': '17' });
    expect(toGraphFailure({ statusCode: 429, code: 'TooManyRequests', headers }).retryAfterSeconds).toBe(17);
    const date = new Headers({ 'Retry-After': new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString() });
    expect(retryAfterSeconds(date, Date.UTC(2030, 0, 1))).toBe(30);
  });
});
