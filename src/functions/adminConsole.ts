import { join } from 'node:path';
import { app } from '@azure/functions';
import { handle } from '../http/handle';
import { type ConsoleAssets, findConsoleDir, loadConsoleAssets } from '../lib/console/consoleAssets';
import { consoleResponse } from '../lib/console/consoleResponse';
import { consoleSettings } from '../lib/console/consoleSettings';

let assets: ConsoleAssets | undefined;

/** The built console next to the code: `dist/console/` from the bundle (`dist/app/`) or `dist/src/functions/`. */
function builtConsole(): ConsoleAssets | undefined {
  if (assets) return assets;
  const dir = findConsoleDir([join(__dirname, '..', 'console'), join(__dirname, '..', '..', 'console')]);
  assets = dir ? loadConsoleAssets(dir) : undefined;
  return assets;
}

/**
 * `GET /api/console/{*path}`: the admin console, a static single-page app; everything it shows
 * and changes goes through the admin API with the signed-in administrator's platform token.
 */
export const adminConsole = handle({ style: 'bearer', requiresOAuth: false }, async (bridge, request) => {
  const path = (request.params.path ?? '').replace(/^\/+|\/+$/g, '');
  return consoleResponse(builtConsole(), path, consoleSettings(bridge.config));
});

app.http('adminConsole', {
  route: 'api/console/{*path}',
  methods: ['GET', 'HEAD'],
  authLevel: 'anonymous',
  handler: adminConsole,
});
