import { parseRouteConstraint, type RouteConstraint } from './routeConstraints';

/** A `{…}` part of a route template. */
export interface RouteParameter {
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue?: string;
  constraints: RouteConstraint[];
  /** Constraint names this host ignores (logged once at startup). */
  unknownConstraints: string[];
}

type RoutePart = { kind: 'literal'; text: string } | { kind: 'parameter'; parameter: RouteParameter };

/** A parsed Functions / ASP.NET Core route template. */
export interface RouteTemplate {
  template: string;
  segments: RoutePart[][];
  /** ASP.NET inbound precedence per segment: literal 1, complex 2, constrained 3, parameter 4, catch-all 5. */
  precedence: number[];
}

/** Thrown for a template ASP.NET Core would reject; the host refuses to start such a function too. */
export class RouteTemplateError extends Error {
  override name = 'RouteTemplateError';
}

function splitOutsideBraces(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '{' || ch === '(') depth++;
    if (ch === '}' || ch === ')') depth--;
    if (ch === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function parseParameter(token: string, template: string): RouteParameter {
  let body = token;
  const catchAll = body.startsWith('*');
  body = body.replace(/^\*{1,2}/, '');
  const optional = body.endsWith('?');
  if (optional) body = body.slice(0, -1);
  const [head = '', ...constraintTexts] = splitOutsideBraces(body, ':');
  let name = head;
  let defaultValue: string | undefined;
  const last = constraintTexts.length > 0 ? constraintTexts.length - 1 : -1;
  const withDefault = last >= 0 ? constraintTexts[last] : name;
  const eq = withDefault?.lastIndexOf('=') ?? -1;
  if (withDefault !== undefined && eq >= 0 && !withDefault.includes(')', eq)) {
    defaultValue = withDefault.slice(eq + 1);
    if (last >= 0) constraintTexts[last] = withDefault.slice(0, eq);
    else name = withDefault.slice(0, eq);
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new RouteTemplateError(`Route template '${template}': invalid parameter name '${name}'.`);
  }
  const constraints: RouteConstraint[] = [];
  const unknownConstraints: string[] = [];
  for (const text of constraintTexts) {
    const constraint = parseRouteConstraint(text);
    if (constraint) constraints.push(constraint);
    else unknownConstraints.push(text);
  }
  return { name, optional, catchAll, defaultValue, constraints, unknownConstraints };
}

function parseSegment(segment: string, template: string): RoutePart[] {
  const parts: RoutePart[] = [];
  const pattern = /\{([^{}]*(?:\([^)]*\))?[^{}]*)\}|([^{}]+)/g;
  let consumed = 0;
  for (const match of segment.matchAll(pattern)) {
    consumed += match[0].length;
    if (match[1] !== undefined)
      parts.push({ kind: 'parameter', parameter: parseParameter(match[1], template) });
    else parts.push({ kind: 'literal', text: match[2] ?? '' });
  }
  if (consumed !== segment.length || parts.length === 0) {
    throw new RouteTemplateError(`Route template '${template}': malformed segment '${segment}'.`);
  }
  return parts;
}

function segmentPrecedence(parts: RoutePart[]): number {
  const [first] = parts;
  if (parts.length > 1 || !first) return 2;
  if (first.kind === 'literal') return 1;
  if (first.parameter.catchAll) return 5;
  return first.parameter.constraints.length + first.parameter.unknownConstraints.length > 0 ? 3 : 4;
}

/**
 * Parses a route template: case-insensitive literals, `{name}`, `{name?}` (last segment only),
 * `{*rest}` (last segment only), `{name=default}` and inline constraints such as `{id:guid}`.
 */
export function parseRouteTemplate(template: string): RouteTemplate {
  const trimmed = template.replace(/^\/+|\/+$/g, '');
  const segments =
    trimmed === '' ? [] : splitOutsideBraces(trimmed, '/').map((s) => parseSegment(s, template));
  const names = new Set<string>();
  segments.forEach((parts, index) => {
    for (const part of parts) {
      if (part.kind !== 'parameter') continue;
      const { name, optional, catchAll } = part.parameter;
      if (names.has(name.toLowerCase())) {
        throw new RouteTemplateError(`Route template '${template}': parameter '${name}' appears twice.`);
      }
      names.add(name.toLowerCase());
      const isLast = index === segments.length - 1 && parts.length === 1;
      if ((optional || catchAll) && !isLast) {
        throw new RouteTemplateError(
          `Route template '${template}': '${name}' is optional or catch-all, which is only allowed as the last segment.`,
        );
      }
    }
  });
  return { template, segments, precedence: segments.map(segmentPrecedence) };
}

/**
 * URL-decodes one path segment the way Kestrel does: everything except `%2F`, which stays encoded
 * so an encoded slash cannot split a segment. Malformed escapes are left as they are.
 */
export function decodePathSegment(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/%2F/gi, (escaped) => `%25${escaped.slice(1)}`));
  } catch {
    return raw;
  }
}

function accepts(parameter: RouteParameter, value: string): boolean {
  return parameter.constraints.every((check) => check(value));
}

function matchComplex(parts: RoutePart[], value: string, out: Record<string, string>): boolean {
  const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = parts.map((p) => (p.kind === 'literal' ? escapeRegex(p.text) : '(.+?)')).join('');
  const match = new RegExp(`^${source}$`, 'i').exec(value);
  if (!match) return false;
  let group = 1;
  for (const part of parts) {
    if (part.kind !== 'parameter') continue;
    const captured = match[group++] ?? '';
    if (!accepts(part.parameter, captured)) return false;
    out[part.parameter.name] = captured;
  }
  return true;
}

/**
 * Matches raw (still percent-encoded) path segments against a template and returns the decoded
 * route values, or `undefined`. Optional parameters without a value are left out, as the host
 * only forwards non-null route values to the worker.
 */
export function matchRoute(route: RouteTemplate, rawSegments: string[]): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const parts = route.segments[i] ?? [];
    const first = parts[0];
    const raw = rawSegments[i];
    if (parts.length === 1 && first?.kind === 'parameter' && first.parameter.catchAll) {
      const rest = rawSegments.slice(i).map(decodePathSegment).join('/');
      const value = rest === '' ? first.parameter.defaultValue : rest;
      if (value === undefined) return values;
      if (!accepts(first.parameter, value)) return undefined;
      values[first.parameter.name] = value;
      return values;
    }
    if (raw === undefined || raw === '') {
      if (parts.length !== 1 || first?.kind !== 'parameter') return undefined;
      const { optional, defaultValue, name } = first.parameter;
      if (defaultValue !== undefined) values[name] = defaultValue;
      else if (!optional) return undefined;
      continue;
    }
    const value = decodePathSegment(raw);
    if (parts.length === 1 && first?.kind === 'literal') {
      if (first.text.toLowerCase() !== value.toLowerCase()) return undefined;
    } else if (parts.length === 1 && first?.kind === 'parameter') {
      if (!accepts(first.parameter, value)) return undefined;
      values[first.parameter.name] = value;
    } else if (!matchComplex(parts, value, values)) return undefined;
  }
  return rawSegments.length > route.segments.length ? undefined : values;
}

/** Orders templates the way ASP.NET Core's route precedence does: more specific first. */
export function compareRoutePrecedence(a: RouteTemplate, b: RouteTemplate): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let i = 0; i < length; i++) {
    const diff = (a.precedence[i] ?? 0) - (b.precedence[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.template.localeCompare(b.template);
}
