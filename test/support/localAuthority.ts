import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type LocalAuthority, startAuthority } from '../../dev/authority';
import { DEMO_TENANT } from '../../dev/demoTenant';
import { createDevCa, issueServerCert, trustingFetch } from '../../dev/tls';

export interface LocalAuthorityFixture {
  /** The demo tenant's authority over TLS, started before the file's tests. */
  authority: LocalAuthority;
  /** `fetch` trusting the fresh development CA that issued the authority's certificate. */
  httpsFetch: typeof fetch;
  /** The authority's clock in milliseconds: tests move it; back to the real time before each. */
  clock: number;
}

/** Starts the local authority for one test file, on a clock the tests control. */
export function useLocalAuthority(): LocalAuthorityFixture {
  const fixture = { clock: Date.now() } as LocalAuthorityFixture;
  beforeAll(async () => {
    const ca = await createDevCa();
    fixture.httpsFetch = trustingFetch(ca.certPem);
    fixture.authority = await startAuthority({
      tls: await issueServerCert(ca),
      tenants: [structuredClone(DEMO_TENANT)],
      now: () => fixture.clock,
    });
  });
  afterAll(() => fixture.authority.close());
  beforeEach(() => {
    fixture.clock = Date.now();
  });
  return fixture;
}
