import type { HttpRequest } from '@azure/functions';
import { type AuditQuery, listAudit, MAX_AUDIT_PAGE } from '../lib/audit/auditLog';
import { InvalidRequestError } from '../lib/errors';
import { authenticateAdmin } from './authenticate';
import { respond } from './errorResponse';
import type { BridgeHandler } from './handle';

const DEFAULT_PAGE_SIZE = 100;

/**
 * `GET /api/admin/audit?since=&until=&actor=&action=&top=&continuationToken=`: the audit log,
 * oldest first, paged (`continuationToken` passed back unchanged). `since`/`until` are ISO
 * 8601 times (`until` exclusive); `actor` is a user ID or `directory-sync`.
 */
export const auditHandler: BridgeHandler = async (bridge, request) => {
  await authenticateAdmin(bridge, request);
  const page = await listAudit(bridge.tables, bridge.config.tenantId, readAuditQuery(request));
  return respond(200, page);
};

function readAuditQuery(request: HttpRequest): AuditQuery {
  const q = request.query;
  const bad = (message: string) => new InvalidRequestError('invalid_query', message);
  const topText = q.get('top') ?? String(DEFAULT_PAGE_SIZE);
  const top = /^\d{1,4}$/.test(topText) ? Number(topText) : Number.NaN;
  if (!(top >= 1 && top <= MAX_AUDIT_PAGE))
    throw bad(`top must be a whole number from 1 to ${MAX_AUDIT_PAGE}.`);
  const time = (name: string) => {
    const value = q.get(name);
    if (value === null) return undefined;
    const ms = /^\d{4}-\d\d-\d\d(T[\d:.]+(Z|[+-]\d\d:\d\d)?)?$/.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(ms)) throw bad(`${name} must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z.`);
    return new Date(ms).toISOString();
  };
  const text = (name: string) => {
    const value = q.get(name);
    if (value === null) return undefined;
    if (value === '' || value.length > 256 || /[\u0000-\u001f\u007f-\u009f]/.test(value)) {
      throw bad(`${name} must be 1 to 256 printable characters.`);
    }
    return value;
  };
  return {
    top,
    since: time('since'),
    until: time('until'),
    actor: text('actor'),
    action: text('action'),
    continuationToken: q.get('continuationToken') ?? undefined,
  };
}
