import type { HttpHostFunction } from './hostFunctions';
import { compareRoutePrecedence, matchRoute } from './routes';

/** A function chosen for a request, with its decoded route values. */
export interface RouteMatch {
  fn: HttpHostFunction;
  params: Record<string, string>;
}

/** Finds the HTTP function for a method and path, honouring the host.json route prefix. */
export interface RouteTable {
  match(method: string, path: string): RouteMatch | undefined;
}

/**
 * Builds the table. Templates are tried in ASP.NET Core precedence order (literals before
 * parameters before catch-alls). A path that matches a template registered for other methods
 * only gives 404, as the real host answers (azure-functions-host#10098, #11625).
 */
export function createRouteTable(functions: HttpHostFunction[], routePrefix: string): RouteTable {
  const ordered = [...functions].sort((a, b) => compareRoutePrecedence(a.route, b.route));
  const prefix = routePrefix === '' ? '' : `/${routePrefix.toLowerCase()}`;
  return {
    match(method, path) {
      const lower = path.toLowerCase();
      let rest: string;
      if (prefix === '') rest = path;
      else if (lower === prefix || lower.startsWith(`${prefix}/`)) rest = path.slice(prefix.length);
      else return undefined;
      const trimmed = rest.replace(/^\//, '').replace(/\/$/, '');
      const segments = trimmed === '' ? [] : trimmed.split('/');
      const upper = method.toUpperCase();
      for (const fn of ordered) {
        if (!fn.methods.includes(upper)) continue;
        const params = matchRoute(fn.route, segments);
        if (params) return { fn, params };
      }
      return undefined;
    },
  };
}
