import { app } from '@azure/functions';
import { respond } from '../http/errorResponse';
import { handle, rememberPresentedToken } from '../http/handle';
import { readBodyText } from '../http/readRequest';
import { MAX_EXCHANGE_BODY_BYTES, parseExchangeRequest } from '../lib/exchange/exchangeRequest';
import { exchangeToken } from '../lib/exchange/exchangeToken';
import { tracedExchange } from '../lib/exchange/tracedExchange';

/** `POST /api/token`: RFC 8693 token exchange of an Entra access token for a platform token. */
export const token = handle({ style: 'oauth' }, async (bridge, request) => {
  const answer = await tracedExchange(bridge.config, async (presented) => {
    const body = await readBodyText(request, MAX_EXCHANGE_BODY_BYTES);
    const exchange = parseExchangeRequest(
      request.headers.get('content-type'),
      body,
      bridge.config.bridge.audience,
    );
    presented(rememberPresentedToken(request, exchange.subjectToken));
    return exchangeToken(bridge, exchange);
  });
  return respond(200, answer);
});

app.http('token', { route: 'api/token', methods: ['POST'], authLevel: 'anonymous', handler: token });
