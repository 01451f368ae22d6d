import type { TokenCredential } from '@azure/core-auth';
import type { GraphSettings } from './graphSettings';

/**
 * Entra authority hosts MSAL knows (public and national clouds,
 * https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud). For any
 * other host MSAL's instance discovery would call login.microsoftonline.com first, which fails
 * offline and makes no sense for a local or private authority.
 */
const MICROSOFT_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
  'login.microsoftonline.de',
]);

/** True when `authorityHost` is one of Microsoft's public or sovereign Entra hosts. */
export function isMicrosoftAuthorityHost(authorityHost: string): boolean {
  return MICROSOFT_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname.toLowerCase());
}

/**
 * The bridge's own credential for Graph: a client secret when `AZURE_CLIENT_SECRET` is set,
 * otherwise `DefaultAzureCredential` (managed identity in Azure; a certificate through
 * `AZURE_CLIENT_CERTIFICATE_PATH`; developer sign-ins locally). Always against
 * `OAUTH_AUTHORITY_HOST`. `@azure/identity` is loaded on first use only: it is large and most
 * invocations (token exchange without overage) never call Graph.
 */
export async function createGraphCredential(settings: GraphSettings): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  const common = {
    authorityHost: settings.authorityHost,
    disableInstanceDiscovery: !isMicrosoftAuthorityHost(settings.authorityHost),
  };
  if (settings.clientSecret && settings.clientId) {
    return new identity.ClientSecretCredential(
      settings.tenantId,
      settings.clientId,
      settings.clientSecret,
      common,
    );
  }
  return new identity.DefaultAzureCredential({
    ...common,
    tenantId: settings.tenantId,
    ...(settings.clientId ? { managedIdentityClientId: settings.clientId } : {}),
  });
}
