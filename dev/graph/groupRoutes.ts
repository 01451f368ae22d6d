import { assertObjectId, GraphError, notFound } from './graphError';
import { contextUrl, groupResource, ok, pageSize, parseSelect, project } from './odata';
import type { PageState, StateTokens } from './stateToken';
import type { GraphRequest, RouteHandler } from './types';

/** Link to the next page: the same request with the new `$skiptoken`, as Graph builds it. */
function nextLink(request: GraphRequest, skiptoken: string): string {
  const query = new URLSearchParams(request.query);
  query.delete('$skiptoken');
  query.set('$skiptoken', skiptoken);
  const search = [...query].map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&');
  return `${request.origin}/v1.0${request.path}?${search}`;
}

/** Reads a page cursor; Graph answers 400 `Directory_ExpiredPageToken` to ones it cannot use. */
function readPageToken(request: GraphRequest, tokens: StateTokens): PageState | null {
  const raw = request.query.get('$skiptoken');
  if (raw === null) return null;
  const state = tokens.read(raw);
  if (state?.kind !== 'page') {
    throw new GraphError(
      400,
      'Directory_ExpiredPageToken',
      'The specified page token value has expired and can no longer be included in your request.',
    );
  }
  return state;
}

/** `GET /groups` (group-list): live groups in a stable order, paged with `$skiptoken`. */
export const listGroups: RouteHandler = (request, _params, context) => {
  const state = readPageToken(request, context.tokens);
  const select = state ? state.select : parseSelect(request, 'group');
  const size = state ? state.size : pageSize(request, context.defaultPageSize, context.maxPageSize);
  const page = context.directory.state.liveAfter(state?.after ?? 0, size + 1);
  const body: Record<string, unknown> = { '@odata.context': contextUrl(request, 'groups', select) };
  const shown = page.slice(0, size);
  const last = shown.at(-1);
  if (page.length > size && last) {
    body['@odata.nextLink'] = nextLink(
      request,
      context.tokens.issue({ kind: 'page', after: last.seq, select, size }),
    );
  }
  body.value = shown.map((r) => project(groupResource(r), select));
  return ok(body);
};

/** `GET /groups/{id}` (group-get). */
export const getGroup: RouteHandler = (request, [id = ''], context) => {
  assertObjectId(id);
  const record = context.directory.state.group(id);
  if (!record || record.removed) throw notFound(id);
  const select = parseSelect(request, 'group');
  return ok({
    '@odata.context': `${contextUrl(request, 'groups', select)}/$entity`,
    ...project(groupResource(record), select),
  });
};
