import type { Bridge } from '../bridge';
import type { SyncRun } from '../directory/syncRun';
import { telemetryNow } from './telemetryFor';

/** One directory sync inside its telemetry span (Graph and Table Storage calls are its dependencies), with its metrics. */
export function tracedSync(
  bridge: Bridge,
  request: Parameters<Bridge['directory']['sync']>[0],
): Promise<SyncRun> {
  return telemetryNow(bridge.config.appInsightsConnectionString).sync(() => bridge.directory.sync(request));
}
