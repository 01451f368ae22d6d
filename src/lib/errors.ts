/**
 * Errors as typed values. Every failure the bridge can answer with carries a stable
 * machine `code` (the `reason` field of our HTTP answers) and a `kind` that decides,
 * in exactly one place at the edge (`src/http/errorResponse.ts`), the status, the
 * RFC 6749 §5.2 / RFC 6750 §3 error and the headers. `src/lib` never builds HTTP.
 */

import type { Reason } from './reasons';

export type { Reason } from './reasons';

/** How a failure is answered; the edge maps each kind to one status. */
export type ErrorKind =
  | 'invalid_token' // the presented Entra or platform token is not acceptable (400 on /token, 401 elsewhere)
  | 'invalid_request' // the request itself is malformed (400)
  | 'invalid_target' // RFC 8693 §2.2.2: the requested audience/resource is not ours (400)
  | 'unauthenticated' // no credentials at all (401)
  | 'forbidden' // authenticated but not allowed (403)
  | 'not_found' // 404
  | 'conflict' // 409
  | 'unavailable'; // a dependency is down or the service is switched off (503 + Retry-After)

/** Base of every error the domain raises on purpose. */
export class BridgeError extends Error {
  readonly code: Reason;
  readonly kind: ErrorKind;
  /** Seconds a client should wait before retrying (503 only). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    kind: ErrorKind,
    code: Reason,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** The subject token (Entra or platform) was rejected; `code` says why. */
export class TokenRejectedError extends BridgeError {
  constructor(code: Reason, message: string, options?: { cause?: unknown }) {
    super('invalid_token', code, message, options);
  }
}

/** The HTTP request is malformed (missing parameter, wrong content type, too large…). */
export class InvalidRequestError extends BridgeError {
  constructor(code: Reason, message: string) {
    super('invalid_request', code, message);
  }
}

/** RFC 8693 `invalid_target`: the requested audience or resource is not one we issue for. */
export class InvalidTargetError extends BridgeError {
  constructor(message: string) {
    super('invalid_target', 'audience_not_allowed', message);
  }
}

/** No credentials were presented where they are required. */
export class UnauthenticatedError extends BridgeError {
  constructor(message = 'A Bearer token is required.') {
    super('unauthenticated', 'missing_token', message);
  }
}

/** Authenticated, but the caller may not do this (admin API for non-admins, disabled users). */
export class ForbiddenError extends BridgeError {
  constructor(code: Reason, message: string) {
    super('forbidden', code, message);
  }
}

export class NotFoundError extends BridgeError {
  constructor(code: Reason, message: string) {
    super('not_found', code, message);
  }
}

export class ConflictError extends BridgeError {
  constructor(code: Reason, message: string) {
    super('conflict', code, message);
  }
}

/** A dependency (key endpoint, Table Storage, Graph) is unavailable, or OAuth is switched off. */
export class UnavailableError extends BridgeError {
  constructor(code: Reason, message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super('unavailable', code, message, {
      retryAfterSeconds: options?.retryAfterSeconds ?? 5,
      cause: options?.cause,
    });
  }
}

/** A setting is missing or malformed; the message names the setting and the expected form. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid settings:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
