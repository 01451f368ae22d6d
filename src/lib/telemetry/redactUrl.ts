/**
 * A URL as telemetry may carry it: nothing that names or identifies a person. What the bridge
 * puts in its request URLs is redacted, the rest (scheme, host, path shape) kept so a
 * dependency is still recognisable:
 * - Table Storage entity keys (`Users(PartitionKey='…',RowKey='…')`, OData key syntax,
 *   https://learn.microsoft.com/rest/api/storageservices/query-entities): the row key is the
 *   user ID, which `OAUTH_USER_ID_CLAIM` may make an e-mail address;
 * - the segment after `/users/` (Graph `users/{id}/getMemberObjects`, the admin API's
 *   `users/{id}`): an object ID or a user ID (`users/delta` is kept);
 * - every query value (`$filter` of a Table query names keys, Graph's `$deltatoken` is an
 *   opaque state token).
 */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const redactedPath = path
    .replace(/\b(PartitionKey|RowKey)=('|%27)(?:(?!\2).|\2\2)*\2/gi, '$1=$2REDACTED$2')
    .replace(/\/users\/(?!delta(?:[/?#(]|$))[^/?#]+/gi, '/users/REDACTED');
  if (query === -1) return redactedPath;
  const redactedQuery = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq === -1 ? pair : `${pair.slice(0, eq)}=REDACTED`;
    })
    .join('&');
  return `${redactedPath}?${redactedQuery}`;
}

/** Span attributes that hold a URL or part of one (old and stable HTTP semantic conventions). */
export const URL_ATTRIBUTES = ['http.url', 'url.full', 'http.target', 'url.path', 'url.query'] as const;
