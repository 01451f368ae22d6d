import type { BridgeConfig } from '../config/bridgeConfig';
import { telemetryNow } from '../telemetry/telemetryFor';
import type { ExchangeResponse } from './exchangeToken';

/**
 * Runs one token exchange as the `/api/token` edge does — reading the request and
 * `exchangeToken` — inside the exchange's telemetry span, so a malformed request is counted
 * with its reason like any other refusal. `run` hands over the subject token once it is
 * read, for the token's safe facts (version, caller kind), never the token itself. Without
 * Application Insights this is just `run`.
 */
export function tracedExchange(
  config: Pick<BridgeConfig, 'appInsightsConnectionString'>,
  run: (presented: (subjectToken: string) => void) => Promise<ExchangeResponse>,
): Promise<ExchangeResponse> {
  let subjectToken: string | undefined;
  return telemetryNow(config.appInsightsConnectionString).exchange(
    () =>
      run((token) => {
        subjectToken = token;
      }),
    () => subjectToken,
  );
}
