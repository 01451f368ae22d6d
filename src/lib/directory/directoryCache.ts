import { createNameMatcher } from '../mapping/nameMatcher';
import type { DirectoryStore } from './directoryStore';
import {
  createDirectoryView,
  type DirectoryGroup,
  type DirectoryView,
  EMPTY_DIRECTORY,
} from './directoryView';
import type { SyncStateStore } from './syncState';

/** How often an instance asks whether another instance's sync changed the directory. */
export const DIRECTORY_CHECK_MS = 30_000;

export interface DirectoryCache {
  /** The current view; at most {@link DIRECTORY_CHECK_MS} behind another instance's sync. */
  view(): Promise<DirectoryView>;
  /** Installs the view this instance's sync just built (no reload). */
  install(groups: Iterable<DirectoryGroup>, version: number, synced: boolean): DirectoryView;
  /** Builds a view from groups under the configured matching rule (no caching). */
  build(groups: Iterable<DirectoryGroup>, synced: boolean): DirectoryView;
}

export interface DirectoryCacheDeps {
  readonly store: DirectoryStore;
  readonly state: SyncStateStore;
  readonly tenantId: string;
  readonly caseSensitive: boolean;
  readonly now: () => number;
}

/**
 * The directory as the mapping sees it, cached per instance. Every {@link DIRECTORY_CHECK_MS}
 * one point read of the sync cursor tells whether the directory `version` moved; only then
 * is the directory partition read again (1 request per 1,000 groups). If storage fails while
 * a view is cached, the cached view is kept rather than failing sign-ins.
 */
export function createDirectoryCache(deps: DirectoryCacheDeps): DirectoryCache {
  const matcher = createNameMatcher(deps.caseSensitive);
  let current: { view: DirectoryView; version: number } | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let refreshing: Promise<DirectoryView> | undefined;

  const build = (groups: Iterable<DirectoryGroup>, synced: boolean) =>
    createDirectoryView(groups, matcher, synced);

  const refresh = async (): Promise<DirectoryView> => {
    try {
      const cursor = await deps.state.cursor(deps.tenantId);
      const synced = cursor.fullSyncAt !== undefined;
      // Versions only grow: a view this instance installed meanwhile is never replaced by an older one.
      if (
        !current ||
        cursor.version > current.version ||
        (cursor.version === current.version && current.view.synced !== synced)
      ) {
        const view = cursor.version === 0 ? EMPTY_DIRECTORY : build(await deps.store.all(), synced);
        if (!current || cursor.version >= current.version) current = { view, version: cursor.version };
      }
      checkedAt = deps.now();
      return current.view;
    } catch (err) {
      if (!current) throw err;
      checkedAt = deps.now() - DIRECTORY_CHECK_MS + 5_000;
      return current.view;
    }
  };

  return {
    view() {
      if (current && deps.now() - checkedAt < DIRECTORY_CHECK_MS) return Promise.resolve(current.view);
      refreshing ??= refresh().finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    },
    install(groups, version, synced) {
      const view = build(groups, synced);
      current = { view, version };
      checkedAt = deps.now();
      return view;
    },
    build,
  };
}
