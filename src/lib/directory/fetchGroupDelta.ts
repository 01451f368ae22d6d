import { GraphFailure } from '../graph/graphFailure';
import type { GraphApi } from '../graph/graphApi';

/** One group as a delta page reports it; absent properties did not change. */
export type DeltaItem =
  | {
      readonly id: string;
      readonly removed: false;
      readonly displayName?: string;
      readonly onPremisesSamAccountName?: string | null;
      readonly securityEnabled?: boolean;
    }
  | { readonly id: string; readonly removed: true; readonly reason: string };

/** A complete delta round: every page up to the one carrying `@odata.deltaLink`. */
export interface DeltaRound<Item = DeltaItem> {
  readonly mode: 'full' | 'incremental';
  /** Latest state per (lower-case) object ID reported during the round. */
  readonly items: ReadonlyMap<string, Item>;
  readonly deltaLink: string;
  readonly pages: number;
}

/** How one delta resource is read: its first page and how an item of it is parsed. */
export interface DeltaResource<Item extends { readonly id: string }> {
  readonly fullRoundUrl: string;
  readItem(raw: Record<string, unknown>): Item | undefined;
}

export interface DeltaOptions {
  readonly deltaLink: string | undefined;
  readonly graphBaseUrl: string;
  readonly deadline: number;
  readonly now?: () => number;
}

/**
 * First page of a full round: only the properties the mapping needs, and the largest page
 * Graph allows for groups (999) through `Prefer: odata.maxpagesize`
 * (https://learn.microsoft.com/graph/api/group-delta).
 */
export const FULL_ROUND_URL = '/groups/delta?$select=id,displayName,onPremisesSamAccountName,securityEnabled';
const PREFER = { Prefer: 'odata.maxpagesize=999' };
/** Safety net against a link that never ends (999 × 2,000 ≈ 2 million groups). */
const MAX_PAGES = 2000;

interface DeltaPage {
  value?: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/**
 * Runs one `groups/delta` round: from the saved delta link when there is one (changes only),
 * else from scratch. A delta link Graph no longer knows (`syncStateNotFound`, after 7 days or
 * a service reset) restarts a full round once. The round is returned only once its last page
 * was read: a failure half-way throws and nothing of the round is applied.
 */
export function fetchGroupDelta(graph: GraphApi, options: DeltaOptions): Promise<DeltaRound> {
  return fetchDelta(graph, { fullRoundUrl: FULL_ROUND_URL, readItem }, options);
}

/** One delta round of any resource (groups/delta, users/delta), with the rules above. */
export async function fetchDelta<Item extends { readonly id: string }>(
  graph: GraphApi,
  resource: DeltaResource<Item>,
  options: DeltaOptions,
): Promise<DeltaRound<Item>> {
  const now = options.now ?? Date.now;
  const run = (first: string, mode: DeltaRound['mode']) =>
    runRound(graph, resource, first, mode, options.graphBaseUrl, options.deadline, now);
  if (options.deltaLink) {
    try {
      return await run(options.deltaLink, 'incremental');
    } catch (err) {
      if (!(err instanceof GraphFailure && err.reason === 'sync_state_not_found')) throw err;
    }
  }
  return run(resource.fullRoundUrl, 'full');
}

async function runRound<Item extends { readonly id: string }>(
  graph: GraphApi,
  resource: DeltaResource<Item>,
  first: string,
  mode: DeltaRound['mode'],
  graphBaseUrl: string,
  deadline: number,
  now: () => number,
): Promise<DeltaRound<Item>> {
  const items = new Map<string, Item>();
  let url: string = first;
  for (let pages = 1; pages <= MAX_PAGES; pages++) {
    const budgetMs = deadline - now();
    if (budgetMs <= 0)
      throw new GraphFailure('unavailable', -1, undefined, 'The directory sync ran out of time.');
    const page = await graph.get<DeltaPage>(url, { headers: PREFER, budgetMs });
    for (const raw of page.value ?? []) {
      const item = resource.readItem(raw);
      if (item) items.set(item.id, item);
    }
    const deltaLink = page['@odata.deltaLink'];
    if (deltaLink) return { mode, items, deltaLink: sameHost(deltaLink, graphBaseUrl), pages };
    const next = page['@odata.nextLink'];
    if (!next)
      throw new GraphFailure(
        'bad_request',
        200,
        undefined,
        'A delta page had neither nextLink nor deltaLink.',
      );
    url = sameHost(next, graphBaseUrl);
  }
  throw new GraphFailure(
    'bad_request',
    200,
    undefined,
    `The delta round did not end within ${MAX_PAGES} pages.`,
  );
}

/** Links are followed only on the configured Graph host (the bearer token goes with them). */
export function sameHost(link: string, graphBaseUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(link);
  } catch {
    throw new GraphFailure('bad_request', 200, undefined, 'Graph returned a malformed paging link.');
  }
  const base = new URL(graphBaseUrl);
  if (parsed.protocol !== 'https:' || parsed.host.toLowerCase() !== base.host.toLowerCase()) {
    throw new GraphFailure('bad_request', 200, undefined, 'Graph returned a paging link to another host.');
  }
  return link;
}

/**
 * A delta item read by its kind's `readLive`, once its (lower-case) object ID is known and it
 * is not removed: `@removed.reason` `deleted` (gone for good) or `changed` (in deleted items,
 * restorable) — either way not live. Undefined for an item without an ID.
 */
export function readDeltaItem<Live>(
  raw: Record<string, unknown>,
  readLive: (id: string) => Live,
): Live | { id: string; removed: true; reason: string } | undefined {
  if (typeof raw.id !== 'string' || raw.id === '') return undefined;
  const id = raw.id.toLowerCase();
  const removed = raw['@removed'] as { reason?: unknown } | undefined;
  if (removed)
    return { id, removed: true, reason: typeof removed.reason === 'string' ? removed.reason : 'deleted' };
  return readLive(id);
}

function readItem(raw: Record<string, unknown>): DeltaItem | undefined {
  return readDeltaItem(raw, (id) => ({
    id,
    removed: false as const,
    ...(typeof raw.displayName === 'string' ? { displayName: raw.displayName } : {}),
    ...('onPremisesSamAccountName' in raw
      ? {
          onPremisesSamAccountName:
            typeof raw.onPremisesSamAccountName === 'string' ? raw.onPremisesSamAccountName : null,
        }
      : {}),
    ...(typeof raw.securityEnabled === 'boolean' ? { securityEnabled: raw.securityEnabled } : {}),
  }));
}
