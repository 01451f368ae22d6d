import { app } from '@azure/functions';
import { respond } from '../http/errorResponse';
import { handle, rememberPresentedToken } from '../http/handle';
import { readBodyText } from '../http/readRequest';
import { MAX_EXCHANGE_BODY_BYTES, parseExchangeRequest } from '../lib/exchange/exchangeRequest';
import { exchangeToken } from '../lib/exchange/exchangeToken';
import { exchangeRecord } from '../lib/telemetry/exchangeRecord';
import { telemetryFor } from '../lib/telemetry/telemetry';

/** `POST /api/token`: RFC 8693 token exchange of an Entra access token for a platform token. */
export const token = handle({ style: 'oauth' }, async (bridge, request) => {
  const started = Date.now();
  let subjectToken: string | undefined;
  const telemetry = telemetryFor(bridge.config.appInsightsConnectionString);
  try {
    const body = await readBodyText(request, MAX_EXCHANGE_BODY_BYTES);
    const exchange = parseExchangeRequest(
      request.headers.get('content-type'),
      body,
      bridge.config.bridge.audience,
    );
    subjectToken = rememberPresentedToken(request, exchange.subjectToken);
    const answer = await exchangeToken(bridge, exchange);
    void telemetry.then((t) => t.exchange(exchangeRecord(subjectToken, started, undefined)));
    return respond(200, answer);
  } catch (err) {
    void telemetry.then((t) => t.exchange(exchangeRecord(subjectToken, started, err)));
    throw err;
  }
});

app.http('token', { route: 'api/token', methods: ['POST'], authLevel: 'anonymous', handler: token });
