import Module from 'node:module';
import { functionsCore } from './coreApi';

/** The module id `@azure/functions` requires (`utils/tryGetCoreApiLazy.ts`). */
export const CORE_MODULE_ID = '@azure/functions-core';

interface ModuleInternals {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
}

let installed = false;

/**
 * Makes `require('@azure/functions-core')` return the local host's core API in this process.
 * The real Node.js worker proxies `Module.prototype.require` before it loads the app
 * (`setupCoreModule.ts` in Azure/azure-functions-nodejs-worker); hooking `Module._load` catches the
 * same calls. Idempotent; call it before any function file is required, since `@azure/functions`
 * looks the module up when `app.*` is first used.
 */
export function installFunctionsCore(): void {
  if (installed) return;
  installed = true;
  const internals = Module as unknown as ModuleInternals;
  const originalLoad = internals._load;
  const originalResolve = internals._resolveFilename;
  internals._load = function load(this: unknown, request, parent, isMain) {
    if (request === CORE_MODULE_ID) return functionsCore;
    return originalLoad.call(this, request, parent, isMain);
  };
  internals._resolveFilename = function resolve(this: unknown, request, parent, isMain, options) {
    if (request === CORE_MODULE_ID) return CORE_MODULE_ID;
    return originalResolve.call(this, request, parent, isMain, options);
  };
}
