import type { DemoClientApp } from '../demoTenant';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether `requested` is one of the client's registered redirect URIs. As on Entra, a loopback
 * `http` URI matches whatever its port (RFC 8252 §7.3, and Microsoft's "Redirect URI (reply URL)
 * restrictions", localhost exceptions); everything else must match exactly.
 */
export function isRegisteredRedirectUri(client: DemoClientApp, requested: string): boolean {
  let url: URL;
  try {
    url = new URL(requested);
  } catch {
    return false;
  }
  if (url.hash !== '') return false;
  return (client.redirectUris ?? []).some((registered) => {
    if (registered === requested) return true;
    const reg = new URL(registered);
    if (reg.protocol !== 'http:' || !LOOPBACK_HOSTS.has(reg.hostname)) return false;
    return (
      url.protocol === 'http:' &&
      url.hostname === reg.hostname &&
      url.pathname === reg.pathname &&
      url.search === reg.search
    );
  });
}

/**
 * Whether a browser at `origin` may call the token endpoint: Entra answers CORS only for the
 * origins of single-page-application redirect URIs. Loopback origins match whatever their port.
 */
export function isSpaOrigin(clients: readonly DemoClientApp[], origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  return clients
    .filter((c) => c.platform === 'spa')
    .flatMap((c) => c.redirectUris ?? [])
    .some((registered) => {
      const reg = new URL(registered);
      if (reg.origin === origin) return true;
      return (
        reg.protocol === 'http:' &&
        LOOPBACK_HOSTS.has(reg.hostname) &&
        url.protocol === 'http:' &&
        url.hostname === reg.hostname
      );
    });
}
