import type { ConsoleAssets } from './consoleAssets';
import type { ConsoleSettings } from './consoleSettings';

/** A plain HTTP answer; the function file hands it to the Functions runtime as it is. */
export interface ConsoleResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: Buffer | string;
}

/**
 * Content-Security-Policy of every console answer: scripts and styles from the console's own
 * files only (no inline code), network access to this app and the Entra authority only
 * (sign-in and token renewal), no framing, no plugins.
 */
export function consoleCsp(authorityHost: string): string {
  const authority = new URL(authorityHost).origin;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${authority}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const securityHeaders = (settings: ConsoleSettings): Record<string, string> => ({
  'content-security-policy': consoleCsp(settings.authorityHost),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
});

/**
 * Answers `GET /api/console/{path}`: the page (`''`, never cached without revalidation, so a
 * deployment shows at once), `settings.json`, and the content-hashed assets (immutable).
 */
export function consoleResponse(
  assets: ConsoleAssets | undefined,
  path: string,
  settings: ConsoleSettings,
): ConsoleResponse {
  const headers = securityHeaders(settings);
  if (path === 'settings.json') {
    return {
      status: 200,
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' },
      body: JSON.stringify(settings),
    };
  }
  if (!assets) {
    return {
      status: 503,
      headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      body: 'The console is not built: run npm run build (it writes dist/console/).',
    };
  }
  const asset = assets.get(path);
  if (!asset) {
    return {
      status: 404,
      headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' },
      body: 'Not found',
    };
  }
  return {
    status: 200,
    headers: {
      ...headers,
      'content-type': asset.contentType,
      'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
    body: asset.body,
  };
}
