import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateClient, readClientCredentials } from './clientAuth';
import { DEVICE_CODE_LIFETIME_SECONDS, type DeviceCodeStore } from './deviceCodeStore';
import { EntraError, readForm, sendJson } from './httpHelpers';
import { resolveScope } from './resolveScope';
import type { TenantRegistry } from './tenantRegistry';
import { DEVICE_CODE_GRANT } from './tokenEndpoint';

/**
 * `POST /{tenant}/oauth2/v2.0/devicecode` — device authorization request (RFC 8628 §3.1) answered as Entra
 * answers it (§3.2 fields plus Entra's `message`).
 */
export async function handleDeviceCodeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  tenantSegment: string,
  deps: { registry: TenantRegistry; deviceCodes: DeviceCodeStore; authorityUrl: string },
): Promise<void> {
  deps.registry.resolve(tenantSegment);
  const form = await readForm(req);
  const { clientId, secret } = readClientCredentials(req, form);
  if (!clientId) {
    throw new EntraError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  }
  const { tenant, client } = deps.registry.forClient(tenantSegment, clientId);
  // A secret is optional here (Entra's public-client flows); one that is sent must be right.
  if (secret !== undefined) authenticateClient(client, secret, DEVICE_CODE_GRANT);
  const request = resolveScope(tenant, form.get('scope'), 'user');
  const entry = deps.deviceCodes.create(tenant, client, request);
  const verificationUri = `${deps.authorityUrl}/common/oauth2/deviceauth`;
  sendJson(res, 200, {
    user_code: entry.userCode,
    device_code: entry.deviceCode,
    verification_uri: verificationUri,
    expires_in: DEVICE_CODE_LIFETIME_SECONDS,
    interval: entry.intervalSeconds,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${entry.userCode} to authenticate.`,
  });
}
