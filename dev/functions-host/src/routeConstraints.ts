/** Checks one route value; values arrive URL-decoded. */
export type RouteConstraint = (value: string) => boolean;

const guidForms = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^[0-9a-f]{32}$/i,
  /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i,
  /^\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)$/i,
];

function integerIn(min: bigint, max: bigint): RouteConstraint {
  return (value) => /^[+-]?\d+$/.test(value) && BigInt(value) >= min && BigInt(value) <= max;
}

function numbers(args: string[], count: number): number[] | undefined {
  if (args.length !== count) return undefined;
  const parsed = args.map((a) => Number(a.trim()));
  return parsed.every(Number.isFinite) ? parsed : undefined;
}

function lengthIs(min: number, max: number): RouteConstraint {
  return (value) => value.length >= min && value.length <= max;
}

function withArgs(name: string, args: string[]): RouteConstraint | undefined {
  const one = numbers(args, 1);
  const two = numbers(args, 2);
  switch (name) {
    case 'min':
      return one && ((v) => integerIn(-(2n ** 63n), 2n ** 63n - 1n)(v) && Number(v) >= (one[0] ?? 0));
    case 'max':
      return one && ((v) => integerIn(-(2n ** 63n), 2n ** 63n - 1n)(v) && Number(v) <= (one[0] ?? 0));
    case 'range':
      return two && integerIn(BigInt(two[0] ?? 0), BigInt(two[1] ?? 0));
    case 'minlength':
      return one && lengthIs(one[0] ?? 0, Number.POSITIVE_INFINITY);
    case 'maxlength':
      return one && lengthIs(0, one[0] ?? 0);
    case 'length':
      if (one) return lengthIs(one[0] ?? 0, one[0] ?? 0);
      return two && lengthIs(two[0] ?? 0, two[1] ?? 0);
    default:
      return undefined;
  }
}

/**
 * ASP.NET Core's inline route constraints, which the Functions host uses for `route` templates
 * (https://learn.microsoft.com/aspnet/core/fundamentals/routing#route-constraints). Returns
 * `undefined` for constraints this host does not implement (e.g. `regex(...)`, `datetime`).
 */
export function parseRouteConstraint(text: string): RouteConstraint | undefined {
  const call = /^([a-z]+)\((.*)\)$/is.exec(text);
  if (call) return withArgs((call[1] ?? '').toLowerCase(), (call[2] ?? '').split(','));
  switch (text.toLowerCase()) {
    case 'int':
      return integerIn(-(2n ** 31n), 2n ** 31n - 1n);
    case 'long':
      return integerIn(-(2n ** 63n), 2n ** 63n - 1n);
    case 'bool':
      return (v) => /^(true|false)$/i.test(v);
    case 'guid':
      return (v) => guidForms.some((form) => form.test(v));
    case 'alpha':
      return (v) => /^[a-z]+$/i.test(v);
    case 'double':
    case 'float':
    case 'decimal':
      return (v) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v);
    default:
      return undefined;
  }
}
