import type {
  FunctionCallback,
  FunctionMetadata,
  HookCallback,
  HookName,
  ProgrammingModel,
  RpcBindingInfo,
  RpcLogCategory,
  RpcLogLevel,
} from './coreTypes';

/** Version reported as `hostVersion` and by `GET /admin/host/status`; not a real Functions host build. */
export const HOST_VERSION = '4.0.0-entra-bridge-local';

/** Worker version this stand-in imitates: the 3.x worker is the one that runs the v4 programming model. */
export const WORKER_VERSION = '3.10.0-entra-bridge-local';

/** One function handed to `registerFunction`, with its trigger binding picked out. */
export interface FunctionRegistration {
  name: string;
  functionId: string;
  metadata: FunctionMetadata;
  callback: FunctionCallback;
  triggerName: string;
  trigger: RpcBindingInfo & { type: string };
}

/** Everything one loaded app registered: functions, hooks and the data hooks share. */
export interface AppRegistry {
  readonly functions: Map<string, FunctionRegistration>;
  readonly hooks: Map<HookName, HookCallback[]>;
  readonly appHookData: Record<string, unknown>;
  /** `hookData` of the app-level hooks (appStart, appTerminate), as the worker keeps it. */
  readonly appLevelHookData: Record<string, unknown>;
  /** Set once startup is over: like the worker, registrations are only accepted while loading. */
  locked: boolean;
}

/** Receives `log(level, category, message)` calls made outside an invocation. */
export type CoreLogSink = (level: RpcLogLevel, category: RpcLogCategory, message: string) => void;

const hookNames: readonly HookName[] = ['appStart', 'appTerminate', 'preInvocation', 'postInvocation', 'log'];

/** Creates an empty registry for one app load. */
export function createAppRegistry(): AppRegistry {
  return { functions: new Map(), hooks: new Map(), appHookData: {}, appLevelHookData: {}, locked: false };
}

/** Same contract as the worker's `Disposable` (VS Code style). */
export class Disposable {
  #callOnDispose: (() => unknown) | undefined;

  /** Combines several disposables into one. */
  static from(...disposables: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const d of disposables) d.dispose();
    });
  }

  constructor(callOnDispose: () => unknown) {
    this.#callOnDispose = callOnDispose;
  }

  /** Runs the dispose callback once. */
  dispose(): void {
    const callback = this.#callOnDispose;
    this.#callOnDispose = undefined;
    callback?.();
  }
}

let active: AppRegistry = createAppRegistry();
let programmingModel: ProgrammingModel | undefined;
let logSink: CoreLogSink = (level, _category, message) => {
  if (level !== 'trace' && level !== 'debug') console.log(message);
};

/**
 * Makes `registry` the target of `registerFunction` / `registerHook` and `sink` the target of `log`.
 * The module object itself must stay the same: `@azure/functions` caches the `require` result
 * (`tryGetCoreApiLazy.ts`) and sets the programming model only once per process (`app.ts`).
 */
export function activateRegistry(registry: AppRegistry, sink?: CoreLogSink): void {
  active = registry;
  if (sink) logSink = sink;
}

/** The programming model `@azure/functions` set, if any function file loaded it. */
export function currentProgrammingModel(): ProgrammingModel | undefined {
  return programmingModel;
}

function findTrigger(metadata: FunctionMetadata): [string, RpcBindingInfo & { type: string }] {
  for (const [name, binding] of Object.entries(metadata.bindings ?? {})) {
    if (typeof binding.type === 'string' && /trigger$/i.test(binding.type)) {
      return [name, binding as RpcBindingInfo & { type: string }];
    }
  }
  throw new Error(`Function "${metadata.name}" has no trigger binding.`);
}

/**
 * The `@azure/functions-core` module as the local host provides it. Behaviour follows the worker's
 * `src/coreApi` (Azure/azure-functions-nodejs-worker): registration only during startup, unique ids,
 * hooks run in registration order.
 */
export const functionsCore = {
  version: WORKER_VERSION,
  hostVersion: HOST_VERSION,
  Disposable,

  setProgrammingModel(model: ProgrammingModel): void {
    programmingModel = model;
  },

  getProgrammingModel(): ProgrammingModel {
    if (!programmingModel) throw new Error('No programming model has been set.');
    return programmingModel;
  },

  registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
    const registry = active;
    if (registry.locked) throw new Error('A function can only be registered during app startup.');
    const functionId = metadata.functionId ?? metadata.name;
    const key = functionId.toLowerCase();
    if (registry.functions.has(key)) {
      throw new Error(`A function with id "${functionId}" has already been registered.`);
    }
    const [triggerName, trigger] = findTrigger(metadata);
    registry.functions.set(key, {
      name: metadata.name,
      functionId,
      metadata,
      callback,
      triggerName,
      trigger,
    });
    return new Disposable(() => {
      if (registry.locked) throw new Error('A function can only be disposed during app startup.');
      registry.functions.delete(key);
    });
  },

  registerHook(hookName: string, callback: HookCallback): Disposable {
    // The worker throws a RangeError for unknown names; the library relies on it for `log` hooks.
    if (!hookNames.includes(hookName as HookName)) throw new RangeError(`Unrecognized hook "${hookName}"`);
    const list = active.hooks.get(hookName as HookName) ?? [];
    active.hooks.set(hookName as HookName, list);
    list.push(callback);
    return new Disposable(() => {
      const index = list.indexOf(callback);
      if (index >= 0) list.splice(index, 1);
    });
  },

  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void {
    logSink(level, category, message);
  },
};
