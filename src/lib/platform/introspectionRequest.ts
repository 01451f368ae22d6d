import { InvalidRequestError } from '../errors';

/** Largest introspection body accepted: a platform token is well under 8 KB. */
export const MAX_INTROSPECTION_BODY_BYTES = 16 * 1024;

/**
 * The `token` parameter of an RFC 7662 §2.1 request: `application/x-www-form-urlencoded`,
 * exactly one `token`; `token_type_hint` and unknown parameters are ignored (§2.1: the
 * server may ignore the hint; RFC 6749 §3.2 for the rest).
 */
export function parseIntrospectionRequest(contentType: string | null, body: string): string {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    throw new InvalidRequestError(
      'unsupported_content_type',
      'Send application/x-www-form-urlencoded with token=<platform token> (RFC 7662).',
    );
  }
  const values = new URLSearchParams(body).getAll('token');
  if (values.length > 1) throw new InvalidRequestError('repeated_parameter', '"token" must not be repeated.');
  const token = values[0];
  if (!token) throw new InvalidRequestError('missing_introspection_token', '"token" is required.');
  return token;
}
