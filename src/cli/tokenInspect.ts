import { ClientSecretCredential } from '@azure/identity';
import { isMicrosoftAuthorityHost } from '../lib/graph/graphCredential';
import { createApiClient, platformBaseUrl } from './apiClient';
import { CliFailure, EXIT } from './cliOutput';
import { loadCliConfig } from './cliSettings';
import type { CommandContext } from './runCommand';

export interface TokenInspectOptions {
  platformApiUrl?: string;
  clientId?: string;
}

/**
 * `entra-bridge token inspect <platform token>`: asks `/api/introspect` what the bridge
 * makes of a platform token now, as a platform service would: with an Entra app-only token
 * (client credentials through `@azure/identity`) of a client that holds the app role
 * `BRIDGE_INTROSPECTION_APP_ROLE`. The client is `--client-id` or
 * `ENTRA_BRIDGE_INTROSPECTION_CLIENT_ID`, its secret `ENTRA_BRIDGE_INTROSPECTION_CLIENT_SECRET`
 * (never an argument: arguments end up in shell history). Exit 0 for an active token,
 * 1 for an inactive one or a failure.
 */
export async function tokenInspect(
  ctx: CommandContext,
  token: string,
  options: TokenInspectOptions,
): Promise<number> {
  const { settings, config } = loadCliConfig(ctx.env);
  const clientId = options.clientId ?? settings.ENTRA_BRIDGE_INTROSPECTION_CLIENT_ID;
  const secret = settings.ENTRA_BRIDGE_INTROSPECTION_CLIENT_SECRET;
  if (!clientId || !secret) {
    throw new CliFailure(
      `Introspection needs a client with the app role ${config.bridge.introspectionAppRole}: set ENTRA_BRIDGE_INTROSPECTION_CLIENT_ID (or --client-id) and ENTRA_BRIDGE_INTROSPECTION_CLIENT_SECRET.`,
    );
  }
  const credential = new ClientSecretCredential(config.tenantId, clientId, secret, {
    authorityHost: config.authorityHost,
    disableInstanceDiscovery: !isMicrosoftAuthorityHost(config.authorityHost),
  });
  const scope = `${config.applicationIdUri ?? `api://${config.applicationId}`}/.default`;
  let appToken: string;
  try {
    appToken = (await credential.getToken(scope)).token;
  } catch (err) {
    throw new CliFailure(`No Entra token for ${clientId}: ${(err as Error).message.split('\n')[0]}`);
  }
  const api = createApiClient(
    platformBaseUrl(options.platformApiUrl ?? `http://127.0.0.1:${settings.PORT || 7071}`),
    appToken,
  );
  const answer = await api.request<Record<string, unknown>>('POST', '/api/introspect', {
    form: { token },
  });
  ctx.out.result(answer, () => {
    if (answer.active !== true) {
      ctx.out.line('inactive: the bridge would not accept this token now');
      return;
    }
    ctx.out.line(`active: ${answer.sub} (client ${answer.client_id})`);
    ctx.out.line(`  expires ${new Date(Number(answer.exp) * 1000).toISOString()}`);
    ctx.out.line(`  groups  ${JSON.stringify(answer.groups)}`);
    ctx.out.line(`  roles   ${JSON.stringify(answer.roles)}`);
    ctx.out.line(`  admin   ${answer.admin}`);
  });
  return answer.active === true ? EXIT.ok : EXIT.failure;
}
