import type { FunctionRegistration } from './coreApi';
import { parseRouteTemplate, type RouteTemplate } from './routes';
import { parseTimerSchedule, type TimerSchedule } from './timers';

/** An HTTP-triggered function with its parsed route. */
export interface HttpHostFunction {
  kind: 'http';
  name: string;
  registration: FunctionRegistration;
  route: RouteTemplate;
  methods: string[];
  authLevel: string;
}

/** A timer-triggered function with its resolved, parsed schedule. */
export interface TimerHostFunction {
  kind: 'timer';
  name: string;
  registration: FunctionRegistration;
  schedule: TimerSchedule;
  runOnStartup: boolean;
}

/** Any other trigger: listed and runnable through the admin API only. */
export interface OtherHostFunction {
  kind: 'other';
  name: string;
  registration: FunctionRegistration;
}

/** A registration prepared for serving. */
export type HostFunction = HttpHostFunction | TimerHostFunction | OtherHostFunction;

/** `--list` view of a registration, as the code registered it (binding expressions unresolved). */
export interface FunctionInfo {
  name: string;
  trigger: string;
  route: string | null;
  methods: string[] | null;
  authLevel: string | null;
  schedule: string | null;
}

const isHttp = (r: FunctionRegistration) => r.trigger.type.toLowerCase() === 'httptrigger';
const isTimer = (r: FunctionRegistration) => r.trigger.type.toLowerCase() === 'timertrigger';

function httpRoute(registration: FunctionRegistration): string {
  const route = registration.trigger.route;
  return typeof route === 'string' && route.trim() !== '' ? route : registration.name;
}

function httpMethods(registration: FunctionRegistration): string[] {
  const methods = registration.trigger.methods;
  return Array.isArray(methods) ? methods.map((m) => String(m).toUpperCase()) : ['GET', 'POST'];
}

/** Describes registrations for `--list`. The default route is the function name, as in the host. */
export function describeFunctions(registrations: FunctionRegistration[]): FunctionInfo[] {
  return registrations.map((r) => ({
    name: r.name,
    trigger: r.trigger.type,
    route: isHttp(r) ? httpRoute(r) : null,
    methods: isHttp(r) ? httpMethods(r) : null,
    authLevel: isHttp(r) ? String(r.trigger.authLevel ?? 'function') : null,
    schedule: isTimer(r) ? String(r.trigger.schedule ?? '') : null,
  }));
}

/**
 * Resolves `%NAME%` binding expressions from the environment, as the host's `INameResolver` does
 * for trigger properties such as a timer `schedule`
 * (https://learn.microsoft.com/azure/azure-functions/functions-bindings-expressions-patterns#binding-expressions---app-settings).
 */
export function resolveAppSettings(value: string, env: NodeJS.ProcessEnv, where: string): string {
  return value.replace(/%([^%\s]+)%/g, (_whole, name: string) => {
    const resolved = env[name];
    if (resolved === undefined) {
      throw new Error(
        `${where} refers to app setting '${name}' (%${name}%), which is not set in the environment or in local.settings.json Values.`,
      );
    }
    return resolved;
  });
}

/**
 * Prepares registrations for serving: parses routes, resolves and parses timer schedules.
 * Errors name the function, as the host reports indexing errors.
 */
export function bindFunctions(registrations: FunctionRegistration[], env: NodeJS.ProcessEnv): HostFunction[] {
  return registrations.map((registration): HostFunction => {
    const { name } = registration;
    const where = `Function '${name}'`;
    try {
      if (isHttp(registration)) {
        const template = httpRoute(registration);
        // The host refuses these at startup, whatever the route prefix (azure-functions-host#1781):
        // "The specified route conflicts with one or more built in routes."
        if (/^\/?(admin|runtime)(\/|$)/i.test(template)) {
          throw new Error(
            `${name}: The specified route conflicts with one or more built in routes. (route '${template}')`,
          );
        }
        const route = parseRouteTemplate(template);
        const authLevel = String(registration.trigger.authLevel ?? 'function');
        return { kind: 'http', name, registration, route, methods: httpMethods(registration), authLevel };
      }
      if (isTimer(registration)) {
        const raw = registration.trigger.schedule;
        if (typeof raw !== 'string' || raw.trim() === '') throw new Error(`${where} has no timer schedule.`);
        const schedule = parseTimerSchedule(resolveAppSettings(raw, env, `${where} schedule '${raw}'`));
        return {
          kind: 'timer',
          name,
          registration,
          schedule,
          runOnStartup: registration.trigger.runOnStartup === true,
        };
      }
      return { kind: 'other', name, registration };
    } catch (error) {
      const message = (error as Error).message;
      throw new Error(message.startsWith(where) ? message : `${where}: ${message}`, { cause: error });
    }
  });
}
