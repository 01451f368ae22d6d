import { app, type InvocationContext, type Timer } from '@azure/functions';
import { getBridge } from '../lib/bridge';
import { tracedSync } from '../lib/telemetry/tracedSync';

/**
 * Timer on `GRAPH_SYNC_SCHEDULE` (NCRONTAB, default every 15 minutes): one
 * directory sync run. Failures are recorded in the run (see `GET /api/admin/directory`) and
 * logged; the function itself succeeds so the host does not retry a Graph outage at once.
 */
export async function directorySync(timer: Timer | unknown, context: InvocationContext): Promise<void> {
  const bridge = await getBridge();
  if (!bridge.config.oauthEnabled) {
    context.log('directory sync skipped: OAUTH_ENABLED=false');
    return;
  }
  const next = (timer as Partial<Timer> | undefined)?.scheduleStatus?.next;
  const nextRunAt =
    typeof next === 'string' && !Number.isNaN(Date.parse(next)) ? new Date(next).toISOString() : undefined;
  const run = await tracedSync(bridge, {
    trigger: 'timer',
    nextRunAt,
    correlationId: context.invocationId,
  });
  const summary =
    `directory sync ${run.outcome} (${run.mode ?? 'n/a'}): seen=${run.groupsSeen} added=${run.added} ` +
    `renamed=${run.renamed} deleted=${run.deleted} users=${run.usersRecomputed} ` +
    `accounts=${run.accountsSeen} disabled=${run.usersDisabled} enabled=${run.usersEnabled} ` +
    `graphRequests=${run.graphRequests} tableRequests=${run.tableRequests} ${run.durationMs}ms`;
  if (run.outcome === 'failed') context.warn(`${summary} error=${run.error?.code}: ${run.error?.message}`);
  else context.log(summary);
}

/**
 * The worker loads this file with the app settings in `process.env`, so the schedule can be
 * read here; a bare `%GRAPH_SYNC_SCHEDULE%` expression would leave the timer broken when the
 * setting is absent, and the setting has a documented default.
 */
export const DEFAULT_SYNC_SCHEDULE = '0 */15 * * * *';

app.timer('directorySync', {
  schedule: process.env.GRAPH_SYNC_SCHEDULE?.trim() || DEFAULT_SYNC_SCHEDULE,
  handler: directorySync,
});
