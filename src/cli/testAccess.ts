import { DeviceCodeCredential } from '@azure/identity';
import { decodeJwt } from 'jose';
import { createBridge } from '../lib/bridge';
import { explainToken } from '../lib/explain/explainToken';
import type { Explanation } from '../lib/explain/explanation';
import { isMicrosoftAuthorityHost } from '../lib/graph/graphCredential';
import type { UserProfile } from '../lib/users/userProfile';
import { createApiClient, platformBaseUrl } from './apiClient';
import { CliFailure, EXIT } from './cliOutput';
import { loadCliConfig } from './cliSettings';
import { type AccessReport, printAccessReport } from './accessReport';
import type { CommandContext } from './runCommand';

export interface TestAccessOptions {
  clientApplicationId?: string;
  platformApiUrl?: string;
  scope?: string;
}

/**
 * `entra-bridge test-access`: signs in with the device code flow (`@azure/identity`), exchanges
 * the Entra token at `/api/token`, reads `/api/me`, and explains the mapping. Exit 0 when a
 * platform token was issued, 1 otherwise.
 */
export async function testAccess(ctx: CommandContext, options: TestAccessOptions): Promise<number> {
  const { out } = ctx;
  const { settings, config } = loadCliConfig(ctx.env);
  const clientId = options.clientApplicationId ?? config.testClientApplicationId;
  if (!clientId)
    throw new CliFailure('No client application: pass --client-application-id or set CLIENT_APPLICATION_ID.');
  const api = createApiClient(
    platformBaseUrl(options.platformApiUrl ?? `http://127.0.0.1:${settings.PORT || 7071}`),
  );
  const scope = options.scope ?? `${config.applicationIdUri ?? `api://${config.applicationId}`}/.default`;

  const credential = new DeviceCodeCredential({
    tenantId: config.tenantId,
    clientId,
    authorityHost: config.authorityHost,
    // MSAL asks login.microsoftonline.com about unknown authorities: fails offline and for local ones.
    disableInstanceDiscovery: !isMicrosoftAuthorityHost(config.authorityHost),
    userPromptCallback: (info) => {
      out.note(`To sign in, open ${info.verificationUri} and enter the code ${info.userCode}`);
    },
  });
  let entraToken: string;
  try {
    const token = await credential.getToken(scope);
    if (!token) throw new Error('no token');
    entraToken = token.token;
  } catch (err) {
    throw new CliFailure(
      `Device code sign-in failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
  }
  const claims = decodeJwt(entraToken);
  const iat = typeof claims.iat === 'number' ? claims.iat : Math.floor(Date.now() / 1000);
  const exp = claims.exp ?? iat;
  const entra = {
    tenantId: config.tenantId,
    clientId,
    scope,
    expiresAt: new Date(exp * 1000).toISOString(),
    lifetimeSeconds: exp - iat,
  };

  let exchange: AccessReport['exchange'];
  let profile: UserProfile | null = null;
  try {
    const issued = await api.request<{ access_token: string; expires_in: number }>('POST', '/api/token', {
      form: {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: entraToken,
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      },
    });
    exchange = {
      ok: true,
      expiresInSeconds: issued.expires_in,
      expiresAt: new Date(Date.now() + issued.expires_in * 1000).toISOString(),
      accessToken: issued.access_token,
    };
    profile = await api.request<UserProfile>('GET', '/api/me', { token: issued.access_token });
  } catch (err) {
    if (!(err instanceof CliFailure) || !err.details) throw err;
    const d = err.details as { status: number; reason?: string; error_description?: string };
    exchange = {
      ok: false,
      status: d.status,
      reason: d.reason ?? 'error',
      message: d.error_description ?? err.message,
    };
  }

  const explained = await explain(ctx, settings, entraToken, exchange, profile, api);
  const report: AccessReport = { entra, exchange, profile, ...explained };
  out.result(report, () => printAccessReport(out, report));
  return exchange.ok ? EXIT.ok : EXIT.failure;
}

/**
 * Administrators get the deployed bridge's own answer (`/api/admin/explain`); anyone else a
 * local explain with these settings, which needs access to the same storage (the catalog).
 */
async function explain(
  _ctx: CommandContext,
  settings: Record<string, string | undefined>,
  entraToken: string,
  exchange: AccessReport['exchange'],
  profile: UserProfile | null,
  api: ReturnType<typeof createApiClient>,
): Promise<Pick<AccessReport, 'explainedBy' | 'explanation' | 'explanationError'>> {
  if (exchange.ok && profile?.isAdmin) {
    try {
      const explanation = await api.request<Explanation>('POST', '/api/admin/explain', {
        body: { token: entraToken },
        token: exchange.accessToken,
      });
      return { explainedBy: 'admin_api', explanation };
    } catch {
      // fall back to a local explain
    }
  }
  try {
    const bridge = await createBridge(settings);
    return { explainedBy: 'local', explanation: await explainToken(bridge, { token: entraToken }) };
  } catch (err) {
    return {
      explainedBy: 'unavailable',
      explanation: null,
      explanationError: err instanceof Error ? err.message : String(err),
    };
  }
}
