import { InvalidRequestError, InvalidTargetError } from '../errors';
import { hasDuplicateMember } from '../util/hasDuplicateMember';

/** RFC 8693 §3 token type identifiers. */
export const TOKEN_TYPE = {
  accessToken: 'urn:ietf:params:oauth:token-type:access_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
} as const;
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

/** Largest request body accepted on `/token` (a subject token is at most ~20 KB). */
export const MAX_EXCHANGE_BODY_BYTES = 64 * 1024;

const ACCEPTED_SUBJECT_TYPES = new Set<string>([TOKEN_TYPE.accessToken, TOKEN_TYPE.jwt]);
/** The parameters RFC 8693 §2.1 (and RFC 6749) define for this request; others are ignored. */
export const KNOWN_PARAMETERS: ReadonlySet<string> = new Set([
  'grant_type',
  'subject_token',
  'subject_token_type',
  'requested_token_type',
  'audience',
  'resource',
  'scope',
  'actor_token',
  'actor_token_type',
  'client_id',
]);

export interface ExchangeRequest {
  readonly subjectToken: string;
  readonly subjectTokenType: string;
  readonly requestedTokenType: string;
}

/**
 * Parses and checks an RFC 8693 token-exchange request body: form-encoded (the standard)
 * or JSON (accepted for convenience). Parameters must not repeat (RFC 6749 §3.2), except
 * `audience`/`resource` which RFC 8693 §2.1 allows several times; every requested
 * audience must be ours (`invalid_target` otherwise).
 */
export function parseExchangeRequest(
  contentType: string | null,
  body: string,
  ownAudience: string,
): ExchangeRequest {
  const params = readParameters(contentType, body);
  const one = (name: string): string | undefined => {
    const values = params.get(name);
    if (!values) return undefined;
    if (values.length > 1)
      throw new InvalidRequestError('repeated_parameter', `"${name}" must not be repeated.`);
    return values[0];
  };
  const grantType = one('grant_type');
  if (grantType === undefined)
    throw new InvalidRequestError('missing_grant_type', '"grant_type" is required.');
  if (grantType !== TOKEN_EXCHANGE_GRANT) {
    throw new InvalidRequestError('unsupported_grant_type', `Only ${TOKEN_EXCHANGE_GRANT} is supported.`);
  }
  const subjectToken = one('subject_token');
  if (!subjectToken) throw new InvalidRequestError('missing_subject_token', '"subject_token" is required.');
  const subjectTokenType = one('subject_token_type');
  if (!subjectTokenType)
    throw new InvalidRequestError('missing_subject_token_type', '"subject_token_type" is required.');
  if (!ACCEPTED_SUBJECT_TYPES.has(subjectTokenType)) {
    throw new InvalidRequestError(
      'unsupported_token_type',
      `subject_token_type must be ${TOKEN_TYPE.accessToken}.`,
    );
  }
  const requestedTokenType = one('requested_token_type') ?? TOKEN_TYPE.accessToken;
  if (!ACCEPTED_SUBJECT_TYPES.has(requestedTokenType)) {
    throw new InvalidRequestError(
      'unsupported_token_type',
      `requested_token_type must be ${TOKEN_TYPE.accessToken}.`,
    );
  }
  if (params.has('actor_token') || params.has('actor_token_type')) {
    throw new InvalidRequestError('actor_token_not_supported', 'Delegation (actor_token) is not supported.');
  }
  for (const target of [...(params.get('audience') ?? []), ...(params.get('resource') ?? [])]) {
    if (target !== ownAudience)
      throw new InvalidTargetError(`Tokens are issued for the audience "${ownAudience}" only.`);
  }
  return { subjectToken, subjectTokenType, requestedTokenType };
}

function readParameters(contentType: string | null, body: string): Map<string, string[]> {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  const params = new Map<string, string[]>();
  const add = (name: string, value: string) => {
    if (!KNOWN_PARAMETERS.has(name)) return; // RFC 6749 §3.2: unrecognised parameters are ignored
    params.set(name, [...(params.get(name) ?? []), value]);
  };
  if (Buffer.byteLength(body, 'utf8') > MAX_EXCHANGE_BODY_BYTES) {
    throw new InvalidRequestError(
      'body_too_large',
      `The request body exceeds ${MAX_EXCHANGE_BODY_BYTES} bytes.`,
    );
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    for (const [name, value] of new URLSearchParams(body)) add(name, value);
    return params;
  }
  if (mediaType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new InvalidRequestError('malformed_body', 'The JSON body does not parse.');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new InvalidRequestError('malformed_body', 'The JSON body must be an object.');
    }
    if (hasDuplicateMember(body))
      throw new InvalidRequestError('repeated_parameter', 'A parameter is repeated.');
    for (const [name, value] of Object.entries(parsed)) {
      const values = Array.isArray(value) && (name === 'audience' || name === 'resource') ? value : [value];
      for (const v of values) {
        if (typeof v !== 'string')
          throw new InvalidRequestError('malformed_body', `"${name}" must be a string.`);
        add(name, v);
      }
    }
    return params;
  }
  throw new InvalidRequestError(
    'unsupported_content_type',
    'Send application/x-www-form-urlencoded (RFC 8693) or application/json.',
  );
}
