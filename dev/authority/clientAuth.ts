import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DemoClientApp } from '../demoTenant';
import { EntraError } from './httpHelpers';

/** Client identification from a token request: `client_secret_basic` or `client_secret_post`. */
export interface ClientCredentials {
  clientId: string | undefined;
  secret: string | undefined;
}

/**
 * Reads the client ID and secret from the `Authorization: Basic` header (RFC 6749 §2.3.1: each part
 * form-urlencoded before base64) or from the form body.
 */
export function readClientCredentials(req: IncomingMessage, form: Map<string, string>): ClientCredentials {
  const header = req.headers.authorization ?? '';
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      try {
        return { clientId: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
      } catch {
        throw new EntraError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
      }
    }
  }
  return { clientId: form.get('client_id'), secret: form.get('client_secret') };
}

const sameSecret = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/**
 * Authenticates the client as Entra does: a confidential client (one with a secret) must present it on every
 * grant, a public client must not present one, and only confidential clients may use client credentials.
 */
export function authenticateClient(
  client: DemoClientApp,
  secret: string | undefined,
  grantType: string,
): void {
  if (client.secret === null) {
    if (secret !== undefined) {
      throw new EntraError(
        401,
        'invalid_client',
        700025,
        "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
      );
    }
    if (grantType !== 'client_credentials') return;
  }
  if (secret === undefined || client.secret === null) {
    throw new EntraError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  if (!sameSecret(secret, client.secret)) {
    throw new EntraError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.appId}'.`,
    );
  }
}
