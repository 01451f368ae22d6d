import type { Reason } from '../reasons';
import type { DisabledReason } from '../users/disabledReason';
import type { VerificationStep } from '../entra/runTokenChecks';
import type { ValueDecision } from '../mapping/matchClaimValue';

/** A profile value and the claim it was read from (null when no configured claim had one). */
export interface SourcedValue {
  readonly value: string | null;
  readonly claim: string | null;
}

/** What `POST /api/admin/explain` answers: the whole sign-in decision, computed without writing. */
export interface Explanation {
  readonly input: 'token' | 'claims';
  readonly validation: {
    /** False for `{"claims": …}`: nothing was verified. */
    readonly performed: boolean;
    readonly ok: boolean;
    readonly steps: readonly VerificationStep[];
    readonly reason?: Reason;
    readonly message?: string;
    readonly note?: string;
  };
  readonly caller: {
    readonly kind: 'user' | 'app';
    readonly clientId: string | null;
    readonly version: string | null;
    readonly scopes: readonly string[];
    readonly appRoles: readonly string[];
    /** `exp` of the Entra token, seconds since the epoch. */
    readonly expiresAt: number | null;
  };
  readonly user: {
    readonly tenantId: string;
    readonly id: SourcedValue;
    readonly oid: string | null;
    readonly kind: 'user' | 'service';
    readonly email: SourcedValue;
    readonly firstName: SourcedValue;
    readonly lastName: SourcedValue;
  };
  /** The claims the mapping reads, under their configured names, with the values found. */
  readonly claims: {
    readonly groups: { readonly claim: string; readonly values: readonly string[] };
    readonly roles: { readonly claim: string; readonly values: readonly string[] };
    readonly isAdmin: { readonly claim: string; readonly values: readonly string[] };
  };
  readonly overage: {
    readonly detected: boolean;
    readonly resolvedValues: number;
    readonly note: string;
  } | null;
  readonly directory: { readonly synced: boolean; readonly groups: number };
  readonly groups: readonly ValueDecision[];
  readonly roles: readonly ValueDecision[];
  readonly defaults: {
    readonly groups: readonly string[];
    readonly roles: readonly string[];
    /** Configured defaults that name no platform group or role: they are not given. */
    readonly missing: readonly string[];
  };
  readonly admin: {
    readonly isAdmin: boolean;
    readonly reason: 'claim' | 'admin_group' | null;
    readonly detail: string;
  };
  /** The stored user, read only: manual assignments and the disabled flag take part in the decision. */
  readonly storedUser: {
    readonly exists: boolean;
    readonly disabled: boolean;
    /** Why the user is disabled (an administrator, or Entra disabled or deleted the account). */
    readonly disabledReason: DisabledReason | null;
    readonly manualGroups: readonly string[];
    readonly manualRoles: readonly string[];
  };
  readonly outcome: {
    readonly wouldIssue: boolean;
    readonly reason: Reason | null;
    readonly message: string;
  };
  /** The claims of the platform token an exchange would issue now (not signed, no `jti`). */
  readonly platformToken: Readonly<Record<string, unknown>> | null;
}
