/** Cursor of a `/groups` page (`$skiptoken`). */
export interface PageState {
  kind: 'page';
  after: number;
  select: string[] | null;
  size: number;
}

/** Cursor of a delta round (`$skiptoken` inside a round, `$deltatoken` between rounds). */
export interface DeltaState {
  /** `initial`: listing live groups by creation order; `changes`: replaying the change log. */
  kind: 'initial' | 'changes' | 'delta';
  /** Changes with a version above `from` belong to this round… */
  from: number;
  /** …up to `upTo`, the directory version when the round started. */
  upTo: number;
  /** Last creation order (`initial`) or version (`changes`) already sent. */
  after: number;
  select: string[] | null;
  size: number;
  /** Generation at issue time; {@link StateTokens.expireAll} bumps it. */
  generation: number;
  issuedAt: number;
  /** `users` for users/delta; absent for groups/delta. */
  entitySet?: 'users';
}

export type AnyState = PageState | DeltaState;

/**
 * Delta links of identity resources live seven days; after that Graph answers 400
 * `syncStateNotFound` (devblogs.microsoft.com/microsoft365dev, "Duration of change tracking
 * tokens for identity and education resources", 2020).
 */
export const DELTA_TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/** Issues and reads opaque state tokens (base64url JSON; clients must not look inside). */
export interface StateTokens {
  issue(state: AnyState): string;
  read(token: string): AnyState | null;
  /** Generation stamped on new delta tokens. */
  generation(): number;
  /** Makes every delta/skip token issued so far answer `syncStateNotFound`. */
  expireAll(): void;
}

/** Creates the token codec; tokens are unsigned because only tests and local runs see them. */
export function createStateTokens(): StateTokens {
  let generation = 0;
  return {
    issue: (state) => Buffer.from(JSON.stringify(state)).toString('base64url'),
    read(token) {
      try {
        const state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as AnyState;
        return typeof state === 'object' && state !== null && typeof state.after === 'number' ? state : null;
      } catch {
        return null;
      }
    },
    generation: () => generation,
    expireAll() {
      generation += 1;
    },
  };
}
