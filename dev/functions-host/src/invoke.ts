import { randomUUID } from 'node:crypto';
import { type AppRegistry, currentProgrammingModel, type FunctionRegistration } from './coreApi';
import type {
  CoreInvocationContext,
  InvocationState,
  RpcInvocationResponse,
  RpcLogCategory,
  RpcLogLevel,
  RpcParameterBinding,
} from './coreTypes';
import { executeHooks, runLogHooks } from './hooks';
import type { HostLogger } from './logger';
import { randomHex } from './randomHex';

/** What an invocation needs besides the function and its inputs. */
export interface InvokeOptions {
  registry: AppRegistry;
  logger: HostLogger;
  appDir: string;
  /** Shown in the `Executing` line, like the host's `Reason='…'`. */
  reason: string;
  /** Incoming W3C `traceparent`, continued when valid. */
  traceParent?: string;
}

function childTraceParent(incoming: string | undefined): string {
  const match = /^00-([\da-f]{32})-[\da-f]{16}-([\da-f]{2})$/.exec(incoming ?? '');
  const traceId = match?.[1] ?? randomHex(16);
  return `00-${traceId}-${randomHex(8)}-${match?.[2] ?? '00'}`;
}

class LocalInvocationContext implements CoreInvocationContext {
  state?: InvocationState;
  logContext?: { hookData: Record<string, unknown>; invocationContext: unknown };

  constructor(
    readonly invocationId: string,
    readonly request: CoreInvocationContext['request'],
    readonly metadata: CoreInvocationContext['metadata'],
    private readonly options: InvokeOptions,
  ) {}

  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void {
    const line = runLogHooks(this.options.registry, { level, category, message, ...this.logContext });
    this.options.logger.function(this.metadata.name, line.level, line.message);
  }
}

async function inState<T>(
  ctx: LocalInvocationContext,
  state: InvocationState,
  run: () => Promise<T>,
): Promise<T> {
  ctx.state = state;
  try {
    return await run();
  } finally {
    ctx.state = undefined;
  }
}

/**
 * Invokes a registered function exactly as the Node.js worker's `InvocationHandler` does:
 * `getInvocationModel` → `getArguments` → preInvocation hooks → `invokeFunction` → postInvocation
 * hooks → `getResponse`. A function error (possibly replaced by a postInvocation hook) is rethrown.
 */
export async function invokeFunction(
  registration: FunctionRegistration,
  inputData: RpcParameterBinding[],
  options: InvokeOptions,
): Promise<RpcInvocationResponse> {
  const programmingModel = currentProgrammingModel();
  if (!programmingModel) throw new Error('No programming model was set; did the app load @azure/functions?');
  const { registry, logger } = options;
  const invocationId = randomUUID();
  const label = `'Functions.${registration.name}'`;
  const started = performance.now();
  logger.host('information', `Executing ${label} (Reason='${options.reason}', Id=${invocationId})`);
  const request = {
    invocationId,
    functionId: registration.functionId,
    inputData,
    triggerMetadata: {},
    traceContext: { traceParent: childTraceParent(options.traceParent), traceState: '', attributes: {} },
  };
  const metadata = {
    ...registration.metadata,
    functionId: registration.functionId,
    directory: options.appDir,
  };
  const coreCtx = new LocalInvocationContext(invocationId, request, metadata, options);
  try {
    const model = programmingModel.getInvocationModel(coreCtx);
    const hookData: Record<string, unknown> = {};
    const { context, inputs } = await model.getArguments();
    coreCtx.logContext = { hookData, invocationContext: context };
    const base = { hookData, appHookData: registry.appHookData, invocationContext: context };
    const pre = { ...base, inputs, functionCallback: registration.callback };
    await inState(coreCtx, 'preInvocationHooks', () => executeHooks(registry, 'preInvocation', pre));
    const post: Record<string, unknown> = { ...base, inputs: pre.inputs, result: null, error: null };
    try {
      post.result = await inState(coreCtx, 'invocation', () =>
        model.invokeFunction(context, pre.inputs, pre.functionCallback),
      );
    } catch (error) {
      post.error = error;
    }
    await inState(coreCtx, 'postInvocationHooks', () => executeHooks(registry, 'postInvocation', post));
    if (post.error) throw post.error;
    const response = await model.getResponse(context, post.result);
    const duration = Math.round(performance.now() - started);
    logger.host('information', `Executed ${label} (Succeeded, Id=${invocationId}, Duration=${duration}ms)`);
    return response;
  } catch (error) {
    const duration = Math.round(performance.now() - started);
    logger.host('error', `Executed ${label} (Failed, Id=${invocationId}, Duration=${duration}ms)`);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    logger.function(
      registration.name,
      'error',
      `Exception while executing function: Functions.${registration.name}. ${detail}`,
    );
    throw error;
  }
}
