import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FunctionInfo } from '../../dev/functionsHost/hostFunctions';
import { REPO_ROOT } from '../support/stack';

type Registration = FunctionInfo;

/** What `func azure functionapp publish` deploys: the package.json `main` glob over dist/. */
function builtRegistrations(): Registration[] {
  const out = execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, 'dist/dev/functionsHost/main.js'),
      '--app-dir',
      REPO_ROOT,
      '--list',
      '--no-local-settings',
    ],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' },
  );
  return JSON.parse(out) as Registration[];
}

describe('the built entry (package.json main)', () => {
  const registrations = builtRegistrations();
  const byName = new Map(registrations.map((r) => [r.name, r]));

  it.each([
    ['token', 'api/token', ['POST']],
    ['me', 'api/me', ['GET']],
    ['jwks', 'api/.well-known/jwks.json', ['GET']],
    ['openidConfiguration', 'api/.well-known/openid-configuration', ['GET']],
    ['health', 'api/health', ['GET']],
    ['adminGroups', 'api/admin/groups/{*name}', expect.arrayContaining(['GET', 'PUT', 'DELETE'])],
    ['adminRoles', 'api/admin/roles/{*name}', expect.arrayContaining(['GET', 'PUT', 'DELETE'])],
    ['adminUsers', 'api/admin/users/{id?}', ['GET', 'DELETE']],
    ['adminUsersGroups', 'api/admin/users/{id}/groups/{*name}', ['PUT', 'DELETE']],
    ['adminUsersRoles', 'api/admin/users/{id}/roles/{*name}', ['PUT', 'DELETE']],
    ['adminUsersState', 'api/admin/users/{id}/{action}', ['POST']],
    ['adminExplain', 'api/admin/explain', ['POST']],
    ['adminDirectory', 'api/admin/directory', ['GET']],
    ['adminDirectoryGroups', 'api/admin/directory/groups', ['GET']],
    ['adminDirectorySync', 'api/admin/directory/sync', ['POST']],
  ])('registers %s at %s', (name, route, methods) => {
    expect(byName.get(name)).toMatchObject({
      trigger: 'httpTrigger',
      route,
      methods,
      authLevel: 'anonymous',
    });
  });

  it('registers the directory sync timer with the documented default schedule', () => {
    expect(byName.get('directorySync')).toMatchObject({
      trigger: 'timerTrigger',
      schedule: '0 */15 * * * *',
    });
    expect(registrations).toHaveLength(16);
  });

  it('serves every HTTP function under /api with anonymous Functions auth (the bridge authenticates itself)', () => {
    for (const r of registrations.filter((x) => x.trigger === 'httpTrigger')) {
      expect(r.route, r.name).toMatch(/^api\//);
      expect(r.authLevel, r.name).toBe('anonymous');
    }
  });

  it('has no route the Functions host would refuse (starting with admin or runtime)', () => {
    for (const r of registrations) expect(r.route ?? '').not.toMatch(/^\/?(admin|runtime)(\/|$)/i);
  });
});

describe('host.json and package.json as func publish reads them', () => {
  it('declares the v4 extension bundle, an empty route prefix and the dist main glob', async () => {
    const host = (await import(join(REPO_ROOT, 'host.json'))).default;
    const pkg = (await import(join(REPO_ROOT, 'package.json'))).default;
    expect(host.version).toBe('2.0');
    expect(host.extensionBundle).toMatchObject({
      id: 'Microsoft.Azure.Functions.ExtensionBundle',
      version: '[4.*, 5.0.0)',
    });
    expect(host.extensions.http.routePrefix).toBe('');
    expect(pkg.main).toBe('dist/src/functions/*.js');
    expect(pkg.dependencies['@azure/functions']).toMatch(/^4\./);
  });
});
