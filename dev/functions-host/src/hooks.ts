import type { AppRegistry } from './coreApi';
import type { HookName, RpcLogCategory, RpcLogLevel } from './coreTypes';

/**
 * Runs the hooks registered under `name` one after the other, awaiting each, as the worker's
 * `executeHooks` does; a throwing hook fails the step it belongs to.
 */
export async function executeHooks(registry: AppRegistry, name: HookName, context: object): Promise<void> {
  for (const callback of [...(registry.hooks.get(name) ?? [])]) {
    await callback(context as Record<string, unknown>);
  }
}

/** A log line as log hooks see it; hooks may change `level` and `message`. */
export interface LogHookInput {
  level: RpcLogLevel;
  category: RpcLogCategory;
  message: string;
  invocationContext?: unknown;
  hookData?: Record<string, unknown>;
}

/**
 * Runs `log` hooks synchronously (the worker does not await them) and returns the possibly
 * rewritten line. A failing log hook must not break logging, so its error is swallowed.
 */
export function runLogHooks(registry: AppRegistry, input: LogHookInput): LogHookInput {
  const callbacks = registry.hooks.get('log') ?? [];
  if (callbacks.length === 0) return input;
  const context = { ...input, hookData: input.hookData ?? {}, appHookData: registry.appHookData };
  for (const callback of callbacks) {
    try {
      void callback(context);
    } catch {
      // Ignored on purpose: see above.
    }
  }
  return { ...input, level: context.level, message: context.message };
}
