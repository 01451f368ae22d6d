import { loadConfig } from '../../src/lib/config/loadConfig';
import type { DirectoryGroup } from '../../src/lib/directory/directoryView';
import { BridgeError } from '../../src/lib/errors';

/** The tenant, API, client application and user of unit tests that need loaded settings. */
export const TENANT = 'b3c1e6a2-5d4f-4e7a-9c8b-1a2d3e4f5a6b';
export const API = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
export const CLIENT = '1f6d2a4c-3b5e-4d7f-8a9b-0c1d2e3f4a5b';
export const OID = '0b6c4f5e-1d2a-4b3c-9e8f-7a6b5c4d3e2f';

/** Settings for that tenant and API, with `extra` settings on top. */
export function unitConfig(extra: Record<string, string> = {}) {
  return loadConfig({
    OAUTH_ENABLED: 'true',
    OAUTH_TENANT_ID: TENANT,
    OAUTH_APPLICATION_ID: API,
    OAUTH_CLIENT_APPLICATION_IDS: CLIENT,
    ...extra,
  });
}

/** The reason code `run` refuses with, or `accepted`; anything but a `BridgeError` is thrown on. */
export async function refusalReason(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (err) {
    if (err instanceof BridgeError) return err.code;
    throw err;
  }
  return 'accepted';
}

/** A stored, live security group. */
export function directoryGroup(id: string, displayName = id): DirectoryGroup {
  return {
    id,
    displayName,
    onPremisesSamAccountName: null,
    securityEnabled: true,
    deleted: false,
    lastSeenAt: '2026-01-01T00:00:00.000Z',
  };
}
