import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { type Bridge, getBridge } from '../lib/bridge';
import { safeTokenFacts } from '../lib/entra/safeTokenFacts';
import { BridgeError, ConfigError, UnavailableError } from '../lib/errors';
import { type ErrorStyle, errorResponse } from './errorResponse';

export interface HandleOptions {
  style: ErrorStyle;
  /** Endpoints that only make sense with OAuth switched on answer 503 `oauth_disabled` otherwise. */
  requiresOAuth?: boolean;
}

/** The token each request presented, for `OAUTH_LOG_ERRORS` facts (the token itself is never logged). */
const presentedTokens = new WeakMap<HttpRequest, string>();

export function rememberPresentedToken(request: HttpRequest, token: string): string {
  presentedTokens.set(request, token);
  return token;
}

export type BridgeHandler = (
  bridge: Bridge,
  request: HttpRequest,
  context: InvocationContext,
) => Promise<HttpResponseInit>;

/**
 * The edge every function goes through: gets the instance's bridge, runs the handler,
 * and turns whatever it throws into an HTTP answer in one place. Logs say why a request
 * failed, never with a token or secret in them.
 */
export function handle(options: HandleOptions, handler: BridgeHandler): HttpHandler {
  return async (request, context) => {
    let bridge: Bridge | undefined;
    try {
      bridge = await getBridge();
      if (options.requiresOAuth !== false && !bridge.config.oauthEnabled) {
        throw new UnavailableError('oauth_disabled', 'OAuth is switched off (OAUTH_ENABLED=false).', {
          retryAfterSeconds: 300,
        });
      }
      return await handler(bridge, request, context);
    } catch (err) {
      logFailure(err, bridge, context, () => presentedTokens.get(request));
      return errorResponse(err, options.style);
    }
  };
}

function logFailure(
  err: unknown,
  bridge: Bridge | undefined,
  context: InvocationContext,
  token: () => string | undefined,
): void {
  if (err instanceof ConfigError) {
    context.error(err.message);
  } else if (err instanceof BridgeError) {
    if (err.kind === 'unavailable') {
      const cause = err.cause instanceof Error ? ` (${err.cause.name}: ${err.cause.message})` : '';
      context.warn(`${err.code}: ${err.message}${cause}`);
    } else if (bridge?.config.logErrors) {
      const facts = Object.entries(safeTokenFacts(token()))
        .map(([name, value]) => ` ${name}=${value}`)
        .join('');
      context.warn(`rejected: reason=${err.code}${facts}`);
    }
  } else {
    const e = err instanceof Error ? err : new Error(String(err));
    context.error(`unexpected ${e.name}: ${e.message}\n${e.stack ?? ''}`);
  }
}
