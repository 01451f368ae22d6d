import type { Bridge } from '../bridge';
import { telemetryNow } from '../telemetry/telemetryFor';
import type { ExchangeRequest } from './exchangeRequest';
import { type ExchangeResponse, exchangeToken } from './exchangeToken';

/**
 * One token exchange as the `/api/token` edge runs it: `read` (the body, parsed) and
 * {@link exchangeToken}, together inside the exchange's telemetry span, so a malformed request
 * is counted with its reason like any other refusal. Without Application Insights this is
 * `exchangeToken(bridge, await read())`.
 */
export function tracedExchange(
  bridge: Bridge,
  read: () => Promise<ExchangeRequest>,
): Promise<ExchangeResponse> {
  let subjectToken: string | undefined;
  return telemetryNow(bridge.config.appInsightsConnectionString).exchange(
    async () => {
      const request = await read();
      subjectToken = request.subjectToken;
      return exchangeToken(bridge, request);
    },
    () => subjectToken,
  );
}
