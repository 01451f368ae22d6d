import type { RemovedReason } from './changeLog';
import type { GroupRecord } from './directory';
import { GraphError } from './graphError';
import { contextUrl, groupResource, ok, pageSize, parseSelect, project, userResource } from './odata';
import { type DeltaState, DELTA_TOKEN_LIFETIME_MS } from './stateToken';
import type { GraphRequest, RouteContext, RouteHandler } from './types';
import type { UserRecord } from './userChanges';

/** What a delta route tracks: one entity set with its own change log. */
interface DeltaSource<R extends { seq: number; version: number }> {
  entitySet: 'groups' | 'users';
  type: 'group' | 'user';
  version(context: RouteContext): number;
  liveAfter(context: RouteContext, seq: number, limit: number): R[];
  changes(context: RouteContext, after: number, upTo: number, limit: number): R[];
  render(record: R, select: string[] | null): Record<string, unknown>;
}

/** Graph's answer to an expired or unknown delta/skip token (400, not Outlook's 410 `resyncRequired`). */
function syncStateNotFound(): GraphError {
  return new GraphError(
    400,
    'syncStateNotFound',
    'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
  );
}

function readState(
  raw: string,
  kinds: DeltaState['kind'][],
  context: RouteContext,
  entitySet: DeltaSource<never>['entitySet'],
): DeltaState {
  const state = context.tokens.read(raw);
  if (
    !state ||
    !kinds.includes(state.kind as DeltaState['kind']) ||
    ((state as DeltaState).entitySet ?? 'groups') !== entitySet ||
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
function startState<R extends { seq: number; version: number }>(
  request: GraphRequest,
  context: RouteContext,
  source: DeltaSource<R>,
): DeltaState {
  const { tokens } = context;
  const skip = request.query.get('$skiptoken');
  const delta = request.query.get('$deltatoken');
  if (skip !== null) return readState(skip, ['initial', 'changes'], context, source.entitySet);
  const base = {
    generation: tokens.generation(),
    issuedAt: context.now(),
    from: 0,
    upTo: source.version(context),
    ...(source.entitySet === 'users' ? { entitySet: 'users' as const } : {}),
  };
  if (delta !== null && delta !== 'latest') {
    const previous = readState(delta, ['delta'], context, source.entitySet);
    return { ...previous, ...base, kind: 'changes', from: previous.upTo, after: previous.upTo };
  }
  const select = parseSelect(request, source.type);
  const size = pageSize(request, context.defaultPageSize, context.maxPageSize);
  return { ...base, kind: delta === 'latest' ? 'delta' : 'initial', after: 0, select, size };
}

/** The entry of a removed object in a delta answer: its type, id and `@removed`, nothing else. */
function removedEntry(type: 'group' | 'user', id: string, reason: RemovedReason): Record<string, unknown> {
  return { '@odata.type': `#microsoft.graph.${type}`, id, '@removed': { reason } };
}

/**
 * A removed group carries only its id and `@removed` (https://learn.microsoft.com/graph/delta-query-groups):
 * `deleted` for a permanent deletion, `changed` for one that can still be restored.
 */
function renderGroup(record: GroupRecord, select: string[] | null): Record<string, unknown> {
  if (record.removed) return removedEntry('group', record.group.id, record.removed);
  return project(groupResource(record), select);
}

/**
 * A removed user likewise: `changed` while it sits in deleted items (restorable for 30 days),
 * `deleted` once gone for good (https://learn.microsoft.com/graph/api/user-delta).
 * `accountEnabled` is not a default property: it comes only when selected.
 */
function renderUser(record: UserRecord, select: string[] | null): Record<string, unknown> {
  if (record.removed) return removedEntry('user', record.user.id, record.removed);
  const resource = userResource(record.user);
  return select ? project({ ...resource, accountEnabled: record.accountEnabled }, select) : resource;
}

/**
 * A delta route (group-delta, user-delta). The first round lists the live objects; each later
 * round, from a deltaLink, lists the objects whose latest change is newer than the previous
 * round's end. Every page but the last has `@odata.nextLink` (`$skiptoken`); the last has
 * `@odata.deltaLink` (`$deltatoken`). `$deltatoken=latest` starts tracking from now without data.
 * Tokens of one entity set are refused by the other.
 */
function deltaRoute<R extends { seq: number; version: number }>(source: DeltaSource<R>): RouteHandler {
  return (request, _params, context) => {
    const { tokens } = context;
    const link = (param: string, state: DeltaState) =>
      `${request.origin}/v1.0/${source.entitySet}/delta?${param}=${tokens.issue({ ...state, issuedAt: context.now() })}`;
    const state = startState(request, context, source);
    const size = request.headers.prefer ? pageSize(request, state.size, context.maxPageSize) : state.size;
    const page =
      state.kind === 'delta'
        ? []
        : state.kind === 'initial'
          ? source.liveAfter(context, state.after, size + 1)
          : source.changes(context, state.after, state.upTo, size + 1);
    const shown = page.slice(0, size);
    const body: Record<string, unknown> = {
      '@odata.context': contextUrl(request, source.entitySet, state.select),
    };
    const last = shown.at(-1);
    if (page.length > size && last) {
      const after = state.kind === 'initial' ? last.seq : last.version;
      body['@odata.nextLink'] = link('$skiptoken', { ...state, after });
    } else {
      body['@odata.deltaLink'] = link('$deltatoken', { ...state, kind: 'delta', after: 0 });
    }
    body.value = shown.map((r) => source.render(r, state.select));
    return ok(body);
  };
}

/** `GET /groups/delta` (group-delta). */
export const groupDelta: RouteHandler = deltaRoute<GroupRecord>({
  entitySet: 'groups',
  type: 'group',
  version: (context) => context.directory.state.version(),
  liveAfter: (context, seq, limit) => context.directory.state.liveAfter(seq, limit),
  changes: (context, after, upTo, limit) => context.directory.state.changes(after, upTo, limit),
  render: renderGroup,
});

/** `GET /users/delta` (user-delta): `$select=id,accountEnabled` is how a sync follows leavers. */
export const userDelta: RouteHandler = deltaRoute<UserRecord>({
  entitySet: 'users',
  type: 'user',
  version: (context) => context.directory.state.users.version(),
  liveAfter: (context, seq, limit) => context.directory.state.users.liveAfter(seq, limit),
  changes: (context, after, upTo, limit) => context.directory.state.users.changes(after, upTo, limit),
  render: renderUser,
});
