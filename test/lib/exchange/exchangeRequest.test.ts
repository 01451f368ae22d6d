import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../src/lib/errors';
import {
  parseExchangeRequest,
  TOKEN_EXCHANGE_GRANT,
  TOKEN_TYPE,
} from '../../../src/lib/exchange/exchangeRequest';

const FORM = 'application/x-www-form-urlencoded';
const form = (params: Record<string, string | string[]>) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const v of [value].flat()) search.append(name, v);
  return search.toString();
};
const valid = {
  grant_type: TOKEN_EXCHANGE_GRANT,
  subject_token: 'a.b.c',
  subject_token_type: TOKEN_TYPE.accessToken,
};
const failure = (contentType: string | null, body: string) => {
  try {
    parseExchangeRequest(contentType, body, 'platform');
  } catch (err) {
    if (err instanceof BridgeError) return `${err.kind}:${err.code}`;
    throw err;
  }
  return 'ok';
};

describe('parseExchangeRequest (RFC 8693 §2.1)', () => {
  it('reads a form-encoded request, with or without charset, and defaults the requested type', () => {
    expect(parseExchangeRequest(`${FORM}; charset=UTF-8`, form(valid), 'platform')).toEqual({
      subjectToken: 'a.b.c',
      subjectTokenType: TOKEN_TYPE.accessToken,
      requestedTokenType: TOKEN_TYPE.accessToken,
    });
  });

  it('reads JSON and accepts the jwt token type and our own audience, repeated', () => {
    const body = JSON.stringify({
      ...valid,
      subject_token_type: TOKEN_TYPE.jwt,
      audience: ['platform', 'platform'],
    });
    expect(parseExchangeRequest('application/json', body, 'platform').subjectTokenType).toBe(TOKEN_TYPE.jwt);
  });

  it('ignores unknown parameters (RFC 6749 §3.2)', () => {
    expect(failure(FORM, form({ ...valid, foo: 'bar', foo2: ['1', '2'] }))).toBe('ok');
  });

  it.each([
    [
      'no grant_type',
      { subject_token: 'a', subject_token_type: TOKEN_TYPE.accessToken },
      'invalid_request:missing_grant_type',
    ],
    ['other grant', { ...valid, grant_type: 'client_credentials' }, 'invalid_request:unsupported_grant_type'],
    ['no subject_token', { ...valid, subject_token: '' }, 'invalid_request:missing_subject_token'],
    [
      'no subject_token_type',
      { ...valid, subject_token_type: '' },
      'invalid_request:missing_subject_token_type',
    ],
    [
      'saml subject',
      { ...valid, subject_token_type: 'urn:ietf:params:oauth:token-type:saml2' },
      'invalid_request:unsupported_token_type',
    ],
    [
      'refresh requested',
      { ...valid, requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token' },
      'invalid_request:unsupported_token_type',
    ],
    [
      'actor token',
      { ...valid, actor_token: 'x', actor_token_type: TOKEN_TYPE.jwt },
      'invalid_request:actor_token_not_supported',
    ],
    ['repeated subject_token', { ...valid, subject_token: ['a', 'b'] }, 'invalid_request:repeated_parameter'],
    [
      'foreign audience',
      { ...valid, audience: 'https://evil.example.com' },
      'invalid_target:audience_not_allowed',
    ],
    [
      'one foreign audience among ours',
      { ...valid, audience: ['platform', 'other'] },
      'invalid_target:audience_not_allowed',
    ],
    [
      'foreign resource',
      { ...valid, resource: 'https://graph.microsoft.com' },
      'invalid_target:audience_not_allowed',
    ],
  ])('refuses %s', (_name, params, expected) => {
    expect(failure(FORM, form(params as Record<string, string | string[]>))).toBe(expected);
  });

  it.each([
    [null, form(valid), 'invalid_request:unsupported_content_type'],
    ['text/plain', form(valid), 'invalid_request:unsupported_content_type'],
    ['multipart/form-data; boundary=x', form(valid), 'invalid_request:unsupported_content_type'],
    ['application/json', '{', 'invalid_request:malformed_body'],
    ['application/json', '[]', 'invalid_request:malformed_body'],
    ['application/json', JSON.stringify({ ...valid, subject_token: 42 }), 'invalid_request:malformed_body'],
    [
      'application/json',
      `{"grant_type":"${TOKEN_EXCHANGE_GRANT}","subject_token":"a","subject_token":"b"}`,
      'invalid_request:repeated_parameter',
    ],
    [FORM, `subject_token=${'a'.repeat(70_000)}`, 'invalid_request:body_too_large'],
  ])('refuses content type %s with body %#', (contentType, body, expected) => {
    expect(failure(contentType, body)).toBe(expected);
  });
});
