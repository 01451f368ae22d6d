import type { DemoClientApp, DemoTenant, DemoUser } from '../demoTenant';
import { EntraError } from './httpHelpers';

/** Tenant path segments that address no single directory (Entra's multi-tenant endpoints). */
export const MULTI_TENANT_SEGMENTS = new Set(['common', 'organizations']);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** The tenants an authority serves, addressed as Entra addresses them: by ID or verified domain. */
export class TenantRegistry {
  constructor(private readonly tenants: DemoTenant[]) {}

  /** The tenant named by a path segment, or `undefined` for `common` / `organizations`. */
  resolve(segment: string): DemoTenant | undefined {
    if (MULTI_TENANT_SEGMENTS.has(segment.toLowerCase())) return undefined;
    const lower = segment.toLowerCase();
    const tenant = this.tenants.find((t) => t.tenantId === lower || t.domain.toLowerCase() === lower);
    if (tenant) return tenant;
    if (!GUID.test(segment) && !DNS_NAME.test(segment)) {
      throw new EntraError(
        400,
        'invalid_request',
        900023,
        `Specified tenant identifier '${segment.slice(0, 100)}' is neither a valid DNS name, nor a valid external domain.`,
      );
    }
    throw new EntraError(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    );
  }

  /** Every tenant served. */
  all(): readonly DemoTenant[] {
    return this.tenants;
  }

  /** A tenant by ID; throws for an unknown ID (a programming error in tests). */
  get(tenantId: string): DemoTenant {
    const tenant = this.tenants.find((t) => t.tenantId === tenantId);
    if (!tenant) throw new Error(`unknown tenant ${tenantId}`);
    return tenant;
  }

  /** The first tenant: the default for test helpers. */
  get first(): DemoTenant {
    const tenant = this.tenants[0];
    if (!tenant) throw new Error('the authority serves no tenant');
    return tenant;
  }

  /**
   * The tenant a request is for: the addressed one, or for `common`/`organizations` the home tenant of the
   * client application (multi-tenant apps are out of scope for the dev authority).
   */
  forClient(segment: string, clientId: string): { tenant: DemoTenant; client: DemoClientApp } {
    const addressed = this.resolve(segment);
    const candidates = addressed ? [addressed] : this.tenants;
    for (const tenant of candidates) {
      const client = tenant.clients.find((c) => c.appId === clientId);
      if (client) return { tenant, client };
    }
    const directory = addressed?.tenantId ?? segment;
    throw new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId.slice(0, 100)}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
}

/** A user by object ID or UPN (case-insensitive, as sign-in names are). */
export function findUser(tenant: DemoTenant, idOrUpn: string): DemoUser | undefined {
  const lower = idOrUpn.toLowerCase();
  return tenant.users.find((u) => u.id === lower || u.userPrincipalName.toLowerCase() === lower);
}
