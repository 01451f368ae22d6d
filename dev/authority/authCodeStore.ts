import { createHash } from 'node:crypto';
import type { DemoClientApp, DemoTenant, DemoUser } from '../demoTenant';
import { EntraError, randomId } from './httpHelpers';

/** Entra's authorization codes live about 10 minutes. */
const CODE_LIFETIME_MS = 10 * 60 * 1000;

/** What an authorization code stands for until it is redeemed. */
export interface AuthCodeGrant {
  tenant: DemoTenant;
  client: DemoClientApp;
  user: DemoUser;
  redirectUri: string;
  scope: string;
  /** RFC 7636 `code_challenge` (S256). */
  codeChallenge: string;
}

/** One-time authorization codes (RFC 6749 §4.1.2: short-lived, single use). */
export class AuthCodeStore {
  private readonly codes = new Map<string, AuthCodeGrant & { expiresAt: number; redeemed: boolean }>();

  constructor(private readonly nowMs: () => number) {}

  issue(grant: AuthCodeGrant): string {
    const code = `1.A${randomId(96)}`;
    this.codes.set(code, { ...grant, expiresAt: this.nowMs() + CODE_LIFETIME_MS, redeemed: false });
    return code;
  }

  /**
   * Redeems a code for `clientId`, checking the redirect URI and the PKCE verifier
   * (RFC 7636 §4.6: BASE64URL(SHA256(verifier)) must equal the challenge).
   */
  redeem(code: string, clientId: string, redirectUri: string | undefined, verifier: string | undefined) {
    const entry = this.codes.get(code);
    if (!entry || entry.client.appId !== clientId) {
      throw new EntraError(
        400,
        'invalid_grant',
        9002313,
        'Invalid request. Request is malformed or invalid.',
      );
    }
    if (entry.redeemed) {
      throw new EntraError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed.');
    }
    if (this.nowMs() > entry.expiresAt) {
      this.codes.delete(code);
      throw new EntraError(400, 'invalid_grant', 70008, 'The provided authorization code has expired.');
    }
    if (redirectUri !== entry.redirectUri) {
      throw new EntraError(
        400,
        'invalid_grant',
        70002,
        'The redirect_uri does not match the one used in the authorization request.',
      );
    }
    if (!verifier) {
      throw new EntraError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'code_verifier'.",
      );
    }
    const computed = createHash('sha256').update(verifier).digest('base64url');
    if (computed !== entry.codeChallenge) {
      throw new EntraError(
        400,
        'invalid_grant',
        501481,
        'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
      );
    }
    entry.redeemed = true;
    return entry;
  }
}
