import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { currentProgrammingModel } from './coreApi';
import type { RpcParameterBinding } from './coreTypes';
import { executeHooks } from './hooks';
import { bindFunctions, describeFunctions, type FunctionInfo, type HostFunction } from './hostFunctions';
import type { CorsSettings } from './cors';
import { createFunctionsHttpServer } from './httpServer';
import { invokeFunction } from './invoke';
import { type LoadedApp, loadFunctionApp } from './loadApp';
import { createHostLogger, type HostLogger, type HostOutput, processOutput } from './logger';
import { bodyLimitFrom } from './readBody';
import { createRouteTable } from './routeTable';
import { startTimers, toRpcTimerInput } from './timers';

export type { FunctionInfo, HostFunction } from './hostFunctions';
export type { HostOutput } from './logger';

/** Options of {@link startFunctionsHost}. */
export interface FunctionsHostOptions {
  /** Function app directory (package.json, host.json, local.settings.json); `process.cwd()` by default. */
  appDir?: string;
  /** Port; `0` picks a free one. Default: `PORT`, else local.settings.json `Host.LocalHttpPort`, else 7071. */
  port?: number;
  /** Interface to listen on; `127.0.0.1` by default. */
  host?: string;
  /** Log destination; the process's stdout/stderr by default. */
  output?: HostOutput;
  /** Ignore local.settings.json. */
  skipLocalSettings?: boolean;
  /** CORS origins and credentials (`func start --cors`); wins over local.settings.json `Host.CORS`. */
  cors?: CorsSettings;
}

/** A running local Functions host. */
export interface FunctionsHost {
  /** Base URL, e.g. `http://127.0.0.1:7071` (functions live under `/${routePrefix}`). */
  url: string;
  port: number;
  routePrefix: string;
  registrations: FunctionInfo[];
  functions: HostFunction[];
  /** Stops timers and the server, waits for running invocations, runs appTerminate hooks. */
  close(): Promise<void>;
}

function originFor(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

async function lockCapabilities(logger: HostLogger): Promise<void> {
  const model = currentProgrammingModel();
  if (!model) {
    logger.host('warning', 'No programming model was set: the app never loaded @azure/functions.');
    return;
  }
  // The worker asks for capabilities after loading the app, which also locks `app.setup()`.
  const capabilities = (await model.getCapabilities?.({})) ?? {};
  if (capabilities.HttpUri) {
    throw new Error('app.setup({ enableHttpStream: true }) is not supported by the local Functions host.');
  }
}

function warnUnknownConstraints(functions: HostFunction[], logger: HostLogger): void {
  for (const fn of functions) {
    if (fn.kind !== 'http') continue;
    const unknown = fn.route.segments
      .flat()
      .flatMap((p) => (p.kind === 'parameter' ? p.parameter.unknownConstraints : []));
    if (unknown.length > 0) {
      logger.host(
        'warning',
        `Function '${fn.name}': route constraints not checked locally: ${unknown.join(', ')}.`,
      );
    }
  }
}

function defaultPort(app: LoadedApp): number {
  const fromEnv = Number(process.env.PORT);
  if (Number.isInteger(fromEnv) && fromEnv >= 0 && process.env.PORT !== '') return fromEnv;
  return app.settings.localHttpPort ?? 7071;
}

/**
 * Starts the local Functions host in this process: loads the app with `@azure/functions-core`
 * provided here, runs appStart hooks, serves HTTP functions and schedules timers. Settings from
 * local.settings.json land in `process.env` (environment variables already set win).
 */
export async function startFunctionsHost(options: FunctionsHostOptions = {}): Promise<FunctionsHost> {
  const output = options.output ?? processOutput;
  let logger = createHostLogger(output);
  const app = await loadFunctionApp(options.appDir ?? process.cwd(), {
    log: (level, _category, message) => logger.host(level, message),
    skipLocalSettings: options.skipLocalSettings,
  });
  logger = createHostLogger(output, app.hostConfig.logLevel);
  const functions = bindFunctions(app.registrations, process.env);
  warnUnknownConstraints(functions, logger);
  await lockCapabilities(logger);
  const { registry, appDir } = app;
  await executeHooks(registry, 'appStart', {
    hookData: registry.appLevelHookData,
    appHookData: registry.appHookData,
    functionAppDirectory: appDir,
  });

  const running = new Set<Promise<unknown>>();
  const invoke = (
    fn: HostFunction,
    inputData: RpcParameterBinding[],
    reason: string,
    traceParent?: string,
  ) => {
    const promise = invokeFunction(fn.registration, inputData, {
      registry,
      logger,
      appDir,
      reason,
      traceParent,
    });
    running.add(promise);
    void promise.catch(() => undefined).finally(() => running.delete(promise));
    return promise;
  };
  const host = options.host ?? '127.0.0.1';
  let origin = originFor(host, 0);
  const server = createFunctionsHttpServer({
    bodyLimit: bodyLimitFrom(process.env),
    routes: createRouteTable(
      functions.filter((f) => f.kind === 'http'),
      app.hostConfig.routePrefix,
    ),
    logger,
    cors: options.cors ?? app.settings.cors,
    fallbackOrigin: () => origin,
    invoke: (fn, inputData, traceParent) =>
      invoke(fn, inputData, 'This function was programmatically called via the host APIs.', traceParent),
    admin: {
      hostId: randomBytes(8).toString('hex'),
      functions,
      runNow(fn, input) {
        const data =
          fn.kind === 'timer' ? toRpcTimerInput(undefined, fn.schedule.next(new Date())) : { string: input };
        const reason = 'This function was programmatically called via the host APIs.';
        void invoke(fn, [{ name: fn.registration.triggerName, data }], reason).catch(() => undefined);
      },
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? defaultPort(app), host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = originFor(host, port);
  const timers = startTimers(
    functions.flatMap((fn) =>
      fn.kind === 'timer'
        ? [
            {
              functionName: fn.name,
              schedule: fn.schedule,
              runOnStartup: fn.runOnStartup,
              invoke: (data, reason) => invoke(fn, [{ name: fn.registration.triggerName, data }], reason),
            },
          ]
        : [],
    ),
  );

  let closing: Promise<void> | undefined;
  const close = async () => {
    timers.stop();
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.allSettled([...running]);
    server.closeAllConnections();
    await serverClosed;
    await executeHooks(registry, 'appTerminate', {
      hookData: registry.appLevelHookData,
      appHookData: registry.appHookData,
    });
  };
  return {
    url: origin,
    port,
    routePrefix: app.hostConfig.routePrefix,
    registrations: describeFunctions(app.registrations),
    functions,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

export { describeFunctions, loadFunctionApp };
