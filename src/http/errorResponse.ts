import type { HttpResponseInit } from '@azure/functions';
import { BridgeError, ConfigError, type ErrorKind, type Reason } from '../lib/errors';

/**
 * Which error dialect an endpoint speaks: `oauth` for the token endpoint (RFC 6749 §5.2,
 * always 400 for client errors), `bearer` for resources protected by a Bearer token
 * (RFC 6750 §3: 401/403 with `WWW-Authenticate`).
 */
export type ErrorStyle = 'oauth' | 'bearer';

const REALM = 'entra-bridge';

interface Mapping {
  status: number;
  error: string;
}

const OAUTH: Record<ErrorKind, Mapping> = {
  invalid_token: { status: 400, error: 'invalid_request' },
  invalid_request: { status: 400, error: 'invalid_request' },
  invalid_target: { status: 400, error: 'invalid_target' },
  unauthenticated: { status: 400, error: 'invalid_request' },
  forbidden: { status: 400, error: 'invalid_grant' },
  not_found: { status: 404, error: 'not_found' },
  conflict: { status: 409, error: 'conflict' },
  unavailable: { status: 503, error: 'temporarily_unavailable' },
};

const BEARER: Record<ErrorKind, Mapping> = {
  invalid_token: { status: 401, error: 'invalid_token' },
  invalid_request: { status: 400, error: 'invalid_request' },
  invalid_target: { status: 400, error: 'invalid_request' },
  unauthenticated: { status: 401, error: 'invalid_token' },
  forbidden: { status: 403, error: 'insufficient_scope' },
  not_found: { status: 404, error: 'not_found' },
  conflict: { status: 409, error: 'conflict' },
  unavailable: { status: 503, error: 'temporarily_unavailable' },
};

/**
 * The one place where errors become HTTP answers: status, JSON body
 * `{error, error_description, reason}`, `WWW-Authenticate` for Bearer resources,
 * `Retry-After` for outages. Unknown errors become a bare 500 that reveals nothing.
 */
export function errorResponse(err: unknown, style: ErrorStyle): HttpResponseInit {
  if (err instanceof ConfigError) {
    return respond(
      503,
      errorBody(
        'temporarily_unavailable',
        'config_invalid',
        'The service is misconfigured; see /api/health.',
      ),
      { 'Retry-After': '30' },
    );
  }
  if (!(err instanceof BridgeError)) {
    return respond(500, errorBody('server_error', 'internal_error', 'Internal error.'));
  }
  const mapping = (style === 'oauth' ? OAUTH : BEARER)[err.kind];
  const error =
    err.code === 'unsupported_grant_type' && style === 'oauth' ? 'unsupported_grant_type' : mapping.error;
  const headers: Record<string, string> = {};
  if (err.retryAfterSeconds !== undefined && mapping.status === 503)
    headers['Retry-After'] = String(err.retryAfterSeconds);
  if (style === 'bearer' && (mapping.status === 401 || mapping.status === 403 || mapping.status === 400)) {
    headers['WWW-Authenticate'] =
      err.kind === 'unauthenticated'
        ? `Bearer realm="${REALM}"` // RFC 6750 §3.1: no error code when no credentials were sent
        : `Bearer realm="${REALM}", error="${mapping.error}", error_description="${quoteSafe(err.message)}"`;
  }
  return respond(mapping.status, errorBody(error, err.code, err.message), headers);
}

/** The body of every error answer: the OAuth `error`, our stable `reason`, and a description for people. */
function errorBody(error: string, reason: Reason, description: string) {
  return { error, error_description: description, reason };
}

/** A JSON answer that is never cached (RFC 6749 §5.1). */
export function respond(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponseInit {
  return {
    status,
    jsonBody: body,
    headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers },
  };
}

/** RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E. */
function quoteSafe(text: string): string {
  return text.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '').slice(0, 300);
}
