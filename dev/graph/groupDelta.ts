import type { GroupRecord } from './directory';
import { GraphError } from './graphError';
import { contextUrl, groupResource, ok, pageSize, parseSelect, project } from './odata';
import { type DeltaState, DELTA_TOKEN_LIFETIME_MS } from './stateToken';
import type { GraphRequest, RouteContext, RouteHandler } from './types';

/** Graph's answer to an expired or unknown delta/skip token (400, not Outlook's 410 `resyncRequired`). */
function syncStateNotFound(): GraphError {
  return new GraphError(
    400,
    'syncStateNotFound',
    'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
  );
}

function readState(raw: string, kinds: DeltaState['kind'][], context: RouteContext): DeltaState {
  const state = context.tokens.read(raw);
  if (
    !state ||
    !kinds.includes(state.kind as DeltaState['kind']) ||
    (state as DeltaState).generation !== context.tokens.generation() ||
    context.now() - (state as DeltaState).issuedAt > DELTA_TOKEN_LIFETIME_MS
  ) {
    throw syncStateNotFound();
  }
  return state as DeltaState;
}

/**
 * Where this request starts: a new round, the next page of a round, a new round after a deltaLink,
 * or, for `$deltatoken=latest`, a `delta` state that yields no data and a deltaLink at the current version.
 */
function startState(request: GraphRequest, context: RouteContext): DeltaState {
  const { tokens, directory } = context;
  const skip = request.query.get('$skiptoken');
  const delta = request.query.get('$deltatoken');
  if (skip !== null) return readState(skip, ['initial', 'changes'], context);
  const base = {
    generation: tokens.generation(),
    issuedAt: context.now(),
    from: 0,
    upTo: directory.state.version(),
  };
  if (delta !== null && delta !== 'latest') {
    const previous = readState(delta, ['delta'], context);
    return { ...previous, ...base, kind: 'changes', from: previous.upTo, after: previous.upTo };
  }
  const select = parseSelect(request, 'group');
  const size = pageSize(request, context.defaultPageSize, context.maxPageSize);
  return { ...base, kind: delta === 'latest' ? 'delta' : 'initial', after: 0, select, size };
}

/**
 * A removed group carries only its id and `@removed` (https://learn.microsoft.com/graph/delta-query-groups):
 * `deleted` for a permanent deletion, `changed` for one that can still be restored.
 */
function render(record: GroupRecord, select: string[] | null): Record<string, unknown> {
  if (record.removed) {
    return {
      '@odata.type': '#microsoft.graph.group',
      id: record.group.id,
      '@removed': { reason: record.removed },
    };
  }
  return project(groupResource(record), select);
}

/**
 * `GET /groups/delta` (group-delta). The first round lists the live groups; each later round, from
 * a deltaLink, lists the groups whose latest change is newer than the previous round's end. Every
 * page but the last has `@odata.nextLink` (`$skiptoken`); the last has `@odata.deltaLink`
 * (`$deltatoken`). `$deltatoken=latest` starts tracking from now without data.
 */
export const groupDelta: RouteHandler = (request, _params, context) => {
  const { tokens, directory } = context;
  const link = (param: string, state: DeltaState) =>
    `${request.origin}/v1.0/groups/delta?${param}=${tokens.issue({ ...state, issuedAt: context.now() })}`;
  const state = startState(request, context);
  const size = request.headers.prefer ? pageSize(request, state.size, context.maxPageSize) : state.size;
  const page =
    state.kind === 'delta'
      ? []
      : state.kind === 'initial'
        ? directory.state.liveAfter(state.after, size + 1)
        : directory.state.changes(state.after, state.upTo, size + 1);
  const shown = page.slice(0, size);
  const body: Record<string, unknown> = { '@odata.context': contextUrl(request, 'groups', state.select) };
  const last = shown.at(-1);
  if (page.length > size && last) {
    const after = state.kind === 'initial' ? last.seq : last.version;
    body['@odata.nextLink'] = link('$skiptoken', { ...state, after });
  } else {
    body['@odata.deltaLink'] = link('$deltatoken', { ...state, kind: 'delta', after: 0 });
  }
  body.value = shown.map((r) => render(r, state.select));
  return ok(body);
};
