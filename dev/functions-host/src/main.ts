import { parseArgs } from 'node:util';
import type { HostFunction } from './hostFunctions';
import { type CorsSettings, parseCors } from './cors';
import { describeFunctions, type FunctionsHost, loadFunctionApp, startFunctionsHost } from './index';

const usage = `Usage: node dist/main.js [--app-dir DIR] [--port N] [--host H] [--list]

Serves a Functions v4-model Node.js app the way 'func start' does.
  --app-dir DIR  function app directory (default: current directory)
  --port N       port (default: PORT, else local.settings.json Host.LocalHttpPort, else 7071)
  --host H       interface to listen on (default: 127.0.0.1)
  --cors LIST    allowed CORS origins, comma-separated (default: local.settings.json Host.CORS)
  --cors-credentials  allow credentialed CORS requests (Host.CORSCredentials)
  --list         print the registered functions as JSON and exit
  --no-local-settings  ignore local.settings.json (every setting comes from the environment)`;

/** One line per function, as `func start` prints them. */
export function formatFunctionList(functions: HostFunction[], url: string, routePrefix: string): string {
  const lines = functions.map((fn) => {
    if (fn.kind !== 'http') return `\t${fn.name}: ${fn.registration.trigger.type}`;
    const path = [routePrefix, fn.route.template.replace(/^\/+/, '')].filter(Boolean).join('/');
    return `\t${fn.name}: [${fn.methods.join(',')}] ${url}/${path}`;
  });
  return `Functions:\n\n${lines.join('\n\n')}\n`;
}

async function list(appDir: string): Promise<void> {
  const app = await loadFunctionApp(appDir, {
    log: (_level, _category, message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(`${JSON.stringify(describeFunctions(app.registrations), null, 2)}\n`);
}

async function serve(
  appDir: string,
  port: number | undefined,
  host: string | undefined,
  skipLocalSettings: boolean,
  cors: CorsSettings | undefined,
): Promise<void> {
  const functionsHost: FunctionsHost = await startFunctionsHost({
    appDir,
    port,
    host,
    skipLocalSettings,
    cors,
  });
  const { functions, url, routePrefix } = functionsHost;
  if (functions.length === 0) process.stderr.write('No job functions found.\n');
  process.stdout.write(`\n${formatFunctionList(functions, url, routePrefix)}\n`);
  process.stdout.write(`Host started on ${url}\n`);
  const stop = (signal: string) => {
    process.stdout.write(`Received ${signal}; stopping the host.\n`);
    functionsHost.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${(error as Error)?.stack ?? error}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** CLI entry: parses arguments, then lists or serves the app. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'app-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      list: { type: 'boolean' },
      'no-local-settings': { type: 'boolean' },
      cors: { type: 'string' },
      'cors-credentials': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const appDir = values['app-dir'] ?? process.cwd();
  if (values.list) return list(appDir);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    throw new Error(`--port must be an integer between 0 and 65535, got '${values.port}'.`);
  }
  const cors = parseCors(values.cors, values['cors-credentials'] === true, '--cors');
  await serve(appDir, port, values.host, values['no-local-settings'] === true, cors);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`Error: ${(error as Error)?.message ?? error}\n`);
    process.exit(1);
  });
}
