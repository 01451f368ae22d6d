/** The typed, frozen settings every part of the bridge reads. Built once by `loadConfig`. */
export type TokenVersion = '1.0' | '2.0';

/** The API app's `groupMembershipClaims`: which groups its tokens' `groups` claim carries. */
export type GroupMembershipClaims = 'SecurityGroup' | 'All' | 'ApplicationGroup';

export interface ClaimNames {
  /** Names the external user (`OAUTH_USER_ID_CLAIM`). */
  userId: string;
  /** E-mail claims tried in order (`OAUTH_USER_EMAIL_CLAIM`; a list enables fallbacks). */
  email: readonly string[];
  firstName: string;
  lastName: string;
  groups: string;
  roles: string;
  isAdmin: string;
}

export interface BridgeConfig {
  readonly oauthEnabled: boolean;
  readonly tenantId: string;
  readonly applicationId: string;
  readonly applicationIdUri: string | undefined;
  /** Every `aud` value accepted on Entra tokens. */
  readonly acceptedAudiences: readonly string[];
  /** Lower-cased client application IDs allowed to call (`azp` / `appid`). */
  readonly clientApplicationIds: ReadonlySet<string>;
  readonly claims: ClaimNames;
  readonly adminRoleName: string;
  readonly defaultGroups: readonly string[];
  readonly defaultRoles: readonly string[];
  readonly caseSensitiveMatching: boolean;
  readonly logErrors: boolean;
  /** Authority host without a trailing slash, e.g. `https://login.microsoftonline.com`. */
  readonly authorityHost: string;
  readonly acceptedTokenVersions: readonly TokenVersion[];
  readonly requiredScopes: readonly string[];
  readonly requiredAppRoles: readonly string[];
  readonly allowAppOnlyTokens: boolean;
  readonly clockSkewSeconds: number;
  /** Minimum seconds between two key-set fetches caused by unknown `kid`s. */
  readonly keysRefreshCooldownSeconds: number;
  /** How long an instance reuses a user record it read (0 = always read). */
  readonly userCacheSeconds: number;
  readonly testClientApplicationId: string | undefined;
  /** The admin console's sign-in (public client, authorization code + PKCE). */
  readonly console: {
    /** `BRIDGE_CONSOLE_CLIENT_ID`; undefined: the console explains how to set it up. */
    readonly clientId: string | undefined;
    /**
     * Where the browser signs in: `BRIDGE_CONSOLE_AUTHORITY_HOST`, else `OAUTH_AUTHORITY_HOST`.
     * Differs only locally, where the dev authority serves browsers over plain loopback http.
     */
    readonly authorityHost: string;
  };
  /** `OAUTH_JIT_PROVISIONING`: create unknown users at their first sign-in; false admits only stored users and administrators. */
  readonly jitProvisioning: boolean;
  /** `BRIDGE_AUDIT_RETENTION_DAYS`: audit entries older than this are removed by the directory sync. */
  readonly auditRetentionDays: number;
  /** `APPLICATIONINSIGHTS_CONNECTION_STRING`: when set, traces and metrics go to Application Insights. */
  readonly appInsightsConnectionString: string | undefined;
  readonly bridge: {
    readonly issuer: string;
    readonly audience: string;
    readonly tokenLifetimeSeconds: number;
    /** App role an Entra app-only token must carry to call `/api/introspect`. */
    readonly introspectionAppRole: string;
    /** Private JWK set (JSON text, newest first); undefined = generate a key for local use. */
    readonly signingKeys: string | undefined;
  };
  readonly graph: {
    /** Graph endpoint without trailing slash, or undefined when it cannot be derived. */
    readonly baseUrl: string | undefined;
    readonly syncSchedule: string;
    readonly overageCacheSeconds: number;
    /** `OAUTH_GROUP_MEMBERSHIP_CLAIMS`: what an overage resolution yields. */
    readonly groupMembershipClaims: GroupMembershipClaims;
  };
  readonly storage: {
    readonly connectionString: string | undefined;
    readonly tableServiceUri: string | undefined;
    readonly tablePrefix: string;
    /** Longest wait for one Table Storage request before the caller gets a 503. */
    readonly requestTimeoutSeconds: number;
  };
}
