import type { HttpRequest, InvocationContext } from '@azure/functions';
import type { AuditContext } from '../lib/audit/auditEntry';

/** W3C Trace Context `traceparent`: version-traceid-parentid-flags (https://www.w3.org/TR/trace-context/). */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Who changes something through the admin API, and the ID that ties the audit entry to the
 * request's logs and traces: the caller's `traceparent` trace ID when it sent a valid one,
 * else the Functions invocation ID.
 */
export function auditContextOf(
  request: HttpRequest,
  context: InvocationContext,
  actor: string,
): AuditContext {
  const trace = TRACEPARENT.exec(request.headers.get('traceparent')?.trim().toLowerCase() ?? '')?.[1];
  return { actor, correlationId: trace && !/^0+$/.test(trace) ? trace : context.invocationId };
}
