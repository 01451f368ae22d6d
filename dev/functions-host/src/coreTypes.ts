/**
 * The subset of the `@azure/functions-core` contract (the module the Azure Functions Node.js worker
 * injects, see `types-core/index.d.ts` in Azure/azure-functions-nodejs-worker) that the local host
 * implements. RPC shapes follow the worker's protobuf-derived types, camelCased.
 */

/** Log levels of the worker RPC (`RpcLog.Level`). */
export type RpcLogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';

/** `user` for `context.log`, `system` for the library's own messages. */
export type RpcLogCategory = 'user' | 'system' | 'customMetric';

/** A nullable string as the host sends it when the worker asks for `UseNullableValueDictionaryForHttp`. */
export interface RpcNullableString {
  value?: string | null;
}

/** Cookie as produced by the library's `toRpcHttpCookie`. */
export interface RpcHttpCookie {
  name?: string | null;
  value?: string | null;
  domain?: RpcNullableString | null;
  path?: RpcNullableString | null;
  expires?: { value?: { seconds?: number | null; nanos?: number | null } | null } | null;
  secure?: { value?: boolean | null } | null;
  httpOnly?: { value?: boolean | null } | null;
  sameSite?: 'none' | 'lax' | 'strict' | 'explicitNone' | null;
  maxAge?: { value?: number | null } | null;
}

/** HTTP request (host → worker) and response (worker → host) payload. */
export interface RpcHttpData {
  method?: string | null;
  url?: string | null;
  headers?: Record<string, string> | null;
  body?: RpcTypedData | null;
  params?: Record<string, string> | null;
  statusCode?: string | null;
  query?: Record<string, string> | null;
  enableContentNegotiation?: boolean | null;
  cookies?: RpcHttpCookie[] | null;
  nullableHeaders?: Record<string, RpcNullableString> | null;
  nullableParams?: Record<string, RpcNullableString> | null;
  nullableQuery?: Record<string, RpcNullableString> | null;
}

/** A typed value crossing the RPC boundary; exactly one member is set. */
export interface RpcTypedData {
  string?: string | null;
  json?: string | null;
  bytes?: Uint8Array | null;
  stream?: Uint8Array | null;
  http?: RpcHttpData | null;
  int?: number | null;
  double?: number | null;
}

/** A named input or output value. */
export interface RpcParameterBinding {
  name?: string | null;
  data?: RpcTypedData | null;
}

/** Binding description; the library adds trigger-specific properties (`route`, `schedule`, …). */
export interface RpcBindingInfo {
  type?: string | null;
  direction?: 'in' | 'out' | 'inout' | null;
  [property: string]: unknown;
}

/** What `app.http` / `app.timer` hand to `registerFunction`. */
export interface FunctionMetadata {
  name: string;
  functionId?: string;
  bindings: Record<string, RpcBindingInfo>;
  retryOptions?: unknown;
}

/** The invocation request the host sends to the worker. */
export interface RpcInvocationRequest {
  invocationId?: string | null;
  functionId?: string | null;
  inputData?: RpcParameterBinding[] | null;
  triggerMetadata?: Record<string, RpcTypedData> | null;
  traceContext?: {
    traceParent?: string | null;
    traceState?: string | null;
    attributes?: Record<string, string>;
  };
  retryContext?: unknown;
}

/** The worker's answer to an invocation request. */
export interface RpcInvocationResponse {
  invocationId?: string | null;
  outputData?: RpcParameterBinding[] | null;
  returnValue?: RpcTypedData | null;
}

/** The user's handler as registered. */
export type FunctionCallback = (...args: unknown[]) => unknown;

/** Phase of an invocation; the library warns about `context.log` calls outside them. */
export type InvocationState = 'preInvocationHooks' | 'postInvocationHooks' | 'invocation';

/** What the worker hands to `ProgrammingModel.getInvocationModel`. */
export interface CoreInvocationContext {
  invocationId: string;
  request: RpcInvocationRequest;
  metadata: FunctionMetadata & { directory?: string; scriptFile?: string };
  state?: InvocationState;
  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void;
}

/** Per-invocation model returned by the programming model (`InvocationModel.ts` in the library). */
export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<RpcInvocationResponse>;
}

/** What `@azure/functions` passes to `setProgrammingModel` (`ProgrammingModel.ts` in the library). */
export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreContext: CoreInvocationContext): InvocationModel;
  getCapabilities?(capabilities: Record<string, string>): Promise<Record<string, string>>;
}

/** Hook names the worker knows; `log` hooks need worker 3.9+ (Functions host 4.34+). */
export type HookName = 'appStart' | 'appTerminate' | 'preInvocation' | 'postInvocation' | 'log';

/** A hook callback; the context shape depends on the hook. */
export type HookCallback = (context: Record<string, unknown>) => unknown;
