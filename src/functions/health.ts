import { app } from '@azure/functions';
import { respond } from '../http/errorResponse';
import { getBridge } from '../lib/bridge';
import { ConfigError } from '../lib/errors';
import { checkHealth, describeConfigProblems } from '../lib/health/checkHealth';

/** `GET /api/health`: for probes. 200 when healthy, 503 otherwise; never a secret. */
export async function health() {
  try {
    const report = await checkHealth(await getBridge());
    return respond(report.status === 'ok' ? 200 : 503, report);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return respond(503, {
      status: 'unhealthy',
      checks: { config: { ok: false, problems: describeConfigProblems(err.problems) } },
    });
  }
}

app.http('health', { route: 'api/health', methods: ['GET'], authLevel: 'anonymous', handler: health });
