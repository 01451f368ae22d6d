import { describe, expect, it } from 'vitest';
import type { HttpHostFunction } from '../src/hostFunctions';
import { createRouteTable } from '../src/routeTable';
import { decodePathSegment, matchRoute, parseRouteTemplate, RouteTemplateError } from '../src/routes';

const match = (template: string, path: string) =>
  matchRoute(parseRouteTemplate(template), path === '' ? [] : path.split('/'));

describe('route templates', () => {
  it('matches literals case-insensitively', () => {
    expect(match('token', 'TOKEN')).toEqual({});
    expect(match('.well-known/jwks.json', '.well-known/JWKS.json')).toEqual({});
    expect(match('token', 'tokens')).toBeUndefined();
    expect(match('token', 'token/extra')).toBeUndefined();
  });

  it('extracts and URL-decodes parameters, keeping %2F encoded like Kestrel', () => {
    expect(match('users/{id}', 'users/J%C3%BCrgen%20M')).toEqual({ id: 'Jürgen M' });
    expect(match('users/{id}', 'users/a%2Fb')).toEqual({ id: 'a%2Fb' });
    expect(match('users/{id}', 'users/%E0%A4%A')).toEqual({ id: '%E0%A4%A' });
    expect(decodePathSegment('a%2fb%3F')).toBe('a%2fb?');
  });

  it('handles a trailing optional parameter', () => {
    expect(match('echo/{name?}', 'echo')).toEqual({});
    expect(match('echo/{name?}', 'echo/x')).toEqual({ name: 'x' });
    expect(match('echo/{name=anon}', 'echo')).toEqual({ name: 'anon' });
    expect(match('echo/{name}', 'echo')).toBeUndefined();
  });

  it('handles catch-all parameters', () => {
    expect(match('files/{*rest}', 'files/a/b%20c.txt')).toEqual({ rest: 'a/b c.txt' });
    expect(match('files/{*rest}', 'files')).toEqual({});
    expect(match('files/{**rest}', 'files/x')).toEqual({ rest: 'x' });
  });

  it('applies guid, int and alpha constraints', () => {
    const guid = '6cab8f93-1b2c-4d5e-8f90-0123456789ab';
    expect(match('items/{id:guid}', `items/${guid}`)).toEqual({ id: guid });
    expect(match('items/{id:guid}', `items/${guid.toUpperCase().replace(/-/g, '')}`)).toBeDefined();
    expect(match('items/{id:guid}', `items/{${guid}}`)).toBeDefined();
    expect(match('items/{id:guid}', 'items/not-a-guid')).toBeUndefined();
    expect(match('n/{n:int}', 'n/-42')).toEqual({ n: '-42' });
    expect(match('n/{n:int}', 'n/2147483648')).toBeUndefined();
    expect(match('n/{n:int}', 'n/4x')).toBeUndefined();
    expect(match('w/{w:alpha}', 'w/Abc')).toEqual({ w: 'Abc' });
    expect(match('w/{w:alpha}', 'w/ab1')).toBeUndefined();
    expect(match('n/{n:int?}', 'n')).toEqual({});
    expect(match('n/{n:range(1,5)}', 'n/6')).toBeUndefined();
    expect(match('n/{n:minlength(2):alpha}', 'n/ab')).toEqual({ n: 'ab' });
  });

  it('ignores unknown constraints but remembers them', () => {
    const route = parseRouteTemplate('x/{id:regex(^a+$)}');
    expect(matchRoute(route, ['x', 'bbb'])).toEqual({ id: 'bbb' });
    const part = route.segments[1]?.[0];
    expect(part?.kind === 'parameter' && part.parameter.unknownConstraints).toEqual(['regex(^a+$)']);
  });

  it('matches complex segments', () => {
    expect(match('files/{name}.{ext}', 'files/report.PDF')).toEqual({ name: 'report', ext: 'PDF' });
  });

  it.each([
    ['a/{x?}/b', 'only allowed as the last segment'],
    ['{*rest}/b', 'only allowed as the last segment'],
    ['{x}/{X}', 'appears twice'],
    ['a/{}', 'invalid parameter name'],
    ['a/{x', 'malformed segment'],
  ])('rejects %j', (template, message) => {
    expect(() => parseRouteTemplate(template)).toThrow(RouteTemplateError);
    expect(() => parseRouteTemplate(template)).toThrow(message);
  });
});

describe('route table', () => {
  const fn = (name: string, route: string, methods: string[]) =>
    ({
      kind: 'http',
      name,
      route: parseRouteTemplate(route),
      methods,
      authLevel: 'anonymous',
    }) as HttpHostFunction;
  const table = createRouteTable(
    [
      fn('byId', 'items/{id}', ['GET']),
      fn('latest', 'items/latest', ['GET']),
      fn('all', '{*path}', ['GET']),
      fn('post', 'items/{id}', ['POST']),
    ],
    'api',
  );

  it('prefers literals over parameters over catch-alls', () => {
    expect(table.match('GET', '/api/items/latest')?.fn.name).toBe('latest');
    expect(table.match('GET', '/api/items/7')?.fn.name).toBe('byId');
    expect(table.match('GET', '/api/other/thing')?.fn.name).toBe('all');
  });

  it('selects by method, prefix case-insensitively, ignoring one trailing slash', () => {
    expect(table.match('post', '/API/items/7/')?.fn.name).toBe('post');
    expect(table.match('DELETE', '/api/items/7')).toBeUndefined();
    expect(table.match('GET', '/items/7')).toBeUndefined();
    expect(table.match('GET', '/apix/items/7')).toBeUndefined();
  });

  it('supports an empty route prefix', () => {
    const bare = createRouteTable([fn('t', 'token', ['POST'])], '');
    expect(bare.match('POST', '/token')?.fn.name).toBe('t');
  });
});
