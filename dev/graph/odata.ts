import type { GroupRecord } from './directory';
import { GraphError } from './graphError';
import type { DemoUser } from '../demoTenant';
import type { GraphRequest } from './types';

/** `Content-Type` Graph sends with JSON answers. */
export const JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Properties of a `microsoft.graph.group` served without `$select` (a subset of the v1.0 defaults). */
export function groupResource(record: GroupRecord): Record<string, unknown> {
  const { group } = record;
  return {
    id: group.id,
    createdDateTime: record.createdDateTime,
    description: null,
    displayName: group.displayName,
    groupTypes: [],
    mail: null,
    mailEnabled: false,
    mailNickname: group.displayName.replace(/[^A-Za-z0-9]/g, '') || group.id.slice(0, 8),
    onPremisesSamAccountName: group.onPremisesSamAccountName,
    onPremisesSyncEnabled: group.onPremisesSamAccountName === null ? null : true,
    securityEnabled: group.securityEnabled,
    visibility: null,
  };
}

/** Default properties of `GET /users/{id}` in v1.0. */
export function userResource(user: DemoUser): Record<string, unknown> {
  return {
    id: user.id,
    businessPhones: [],
    displayName: `${user.givenName} ${user.surname}`,
    givenName: user.givenName,
    jobTitle: null,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
  };
}

const GROUP_PROPERTIES = new Set([
  'id',
  'createdDateTime',
  'description',
  'displayName',
  'groupTypes',
  'mail',
  'mailEnabled',
  'mailNickname',
  'onPremisesSamAccountName',
  'onPremisesSyncEnabled',
  'securityEnabled',
  'visibility',
]);
const USER_PROPERTIES = new Set([
  'id',
  'accountEnabled',
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
]);

/**
 * Reads `$select`. Graph always returns `id`, and rejects unknown properties with 400
 * ("Could not find a property named 'x' on type 'microsoft.graph.group'.").
 */
export function parseSelect(request: GraphRequest, type: 'group' | 'user'): string[] | null {
  const raw = request.query.get('$select');
  if (raw === null || raw.trim() === '') return null;
  const known = type === 'group' ? GROUP_PROPERTIES : USER_PROPERTIES;
  const names = raw.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!known.has(name)) {
      throw new GraphError(
        400,
        'BadRequest',
        `Could not find a property named '${name}' on type 'microsoft.graph.${type}'.`,
      );
    }
  }
  return ['id', ...names.filter((n) => n !== 'id')];
}

/** Keeps only the selected properties (all when `select` is null). */
export function project(resource: Record<string, unknown>, select: string[] | null): Record<string, unknown> {
  if (!select) return resource;
  const out: Record<string, unknown> = {};
  for (const name of select) out[name] = resource[name];
  return out;
}

/**
 * Page size from `$top` (1…max, else 400 as Graph does: "Invalid page size specified") or from
 * `Prefer: odata.maxpagesize=N` (https://learn.microsoft.com/graph/paging), else `fallback`.
 */
export function pageSize(request: GraphRequest, fallback: number, max: number): number {
  const top = request.query.get('$top');
  if (top !== null) {
    const n = /^\d+$/.test(top) ? Number(top) : Number.NaN;
    if (!(n >= 1 && n <= max)) {
      throw new GraphError(
        400,
        'Request_UnsupportedQuery',
        `Invalid page size specified: '${top}'. Must be between 1 and ${max} inclusive.`,
      );
    }
    return n;
  }
  const prefer = /odata\.maxpagesize=(\d+)/i.exec(request.headers.prefer ?? '');
  if (prefer?.[1]) return Math.min(Math.max(Number(prefer[1]), 1), max);
  return fallback;
}

/** `@odata.context` of a collection, with the selected properties as Graph writes them. */
export function contextUrl(request: GraphRequest, entitySet: string, select: string[] | null): string {
  return `${request.origin}/v1.0/$metadata#${entitySet}${select ? `(${select.join(',')})` : ''}`;
}

/** JSON answer with Graph's content type. */
export function ok(
  body: unknown,
  status = 200,
): { status: number; headers: Record<string, string>; body: unknown } {
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE }, body };
}
