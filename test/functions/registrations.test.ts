import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FunctionInfo } from '@entra-bridge/functions-host';
import { REPO_ROOT } from '../support/stack';

type Registration = FunctionInfo;

const { EXTERNAL } = require('../../scripts/bundle-functions.cjs') as { EXTERNAL: string[] };

/** The functions an app directory registers, as the host lists them. */
function builtRegistrations(appDir = REPO_ROOT): Registration[] {
  const out = execFileSync(
    process.execPath,
    [
      require.resolve('@entra-bridge/functions-host/main'),
      '--app-dir',
      appDir,
      '--list',
      '--no-local-settings',
    ],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' },
  );
  return JSON.parse(out) as Registration[];
}

/** An app directory whose `main` is what tsc emitted, unbundled. */
function compiledEntriesApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'entra-bridge-unbundled-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ main: 'dist/src/functions/*.js' }));
  copyFileSync(join(REPO_ROOT, 'host.json'), join(dir, 'host.json'));
  symlinkSync(join(REPO_ROOT, 'dist'), join(dir, 'dist'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('the shipped bundle (package.json main)', () => {
  const unbundled = compiledEntriesApp();
  afterAll(() => rmSync(unbundled, { recursive: true, force: true }));

  it('registers exactly what the compiled function files register', () => {
    expect(builtRegistrations()).toEqual(builtRegistrations(unbundled));
  });

  it('needs nothing at run time but Node, the host and the SDKs imported only where used', () => {
    const bundle = readFileSync(join(REPO_ROOT, 'dist/app/functions.js'), 'utf8');
    const required = [...bundle.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] as string);
    expect(required.length).toBeGreaterThan(0);
    const packageOf = (id: string) =>
      id
        .split('/')
        .slice(0, id.startsWith('@') ? 2 : 1)
        .join('/');
    const outside = required.filter((id) => !isBuiltin(id) && !EXTERNAL.includes(packageOf(id)));
    expect(outside).toEqual([]);
  });
});

describe('the built entry (package.json main)', () => {
  const registrations = builtRegistrations();
  const byName = new Map(registrations.map((r) => [r.name, r]));

  it.each([
    ['token', 'api/token', ['POST']],
    ['me', 'api/me', ['GET']],
    ['jwks', 'api/.well-known/jwks.json', ['GET']],
    ['openidConfiguration', 'api/.well-known/openid-configuration', ['GET']],
    ['oauthAuthorizationServer', '.well-known/oauth-authorization-server/api', ['GET']],
    ['introspect', 'api/introspect', ['POST']],
    ['health', 'api/health', ['GET']],
    ['adminGroups', 'api/admin/groups/{*name}', expect.arrayContaining(['GET', 'PUT', 'DELETE'])],
    ['adminRoles', 'api/admin/roles/{*name}', expect.arrayContaining(['GET', 'PUT', 'DELETE'])],
    ['adminUsers', 'api/admin/users/{id?}', ['GET', 'PUT', 'DELETE']],
    ['adminUsersGroups', 'api/admin/users/{id}/groups/{*name}', ['PUT', 'DELETE']],
    ['adminUsersRoles', 'api/admin/users/{id}/roles/{*name}', ['PUT', 'DELETE']],
    ['adminUsersState', 'api/admin/users/{id}/{action}', ['POST']],
    ['adminExplain', 'api/admin/explain', ['POST']],
    ['adminAudit', 'api/admin/audit', ['GET']],
    ['adminDirectory', 'api/admin/directory', ['GET']],
    ['adminDirectoryGroups', 'api/admin/directory/groups', ['GET']],
    ['adminDirectorySync', 'api/admin/directory/sync', ['POST']],
    ['adminConsole', 'api/console/{*path}', ['GET', 'HEAD']],
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
    expect(registrations).toHaveLength(20);
  });

  it('serves every HTTP function under /api with anonymous Functions auth (the bridge authenticates itself)', () => {
    // The one exception: RFC 8414 §3.1 puts the metadata of issuer `…/api` at the host's root.
    const rootMetadata = '.well-known/oauth-authorization-server/api';
    for (const r of registrations.filter((x) => x.trigger === 'httpTrigger')) {
      if (r.route === rootMetadata) continue;
      expect(r.route, r.name).toMatch(/^api\//);
      expect(r.authLevel, r.name).toBe('anonymous');
    }
  });

  it('has no route the Functions host would refuse (starting with admin or runtime)', () => {
    for (const r of registrations) expect(r.route ?? '').not.toMatch(/^\/?(admin|runtime)(\/|$)/i);
  });
});

describe('host.json and package.json as func publish reads them', () => {
  it('declares the v4 extension bundle, an empty route prefix and the bundle as main', async () => {
    const host = (await import(join(REPO_ROOT, 'host.json'))).default;
    const pkg = (await import(join(REPO_ROOT, 'package.json'))).default;
    expect(host.version).toBe('2.0');
    expect(host.extensionBundle).toMatchObject({
      id: 'Microsoft.Azure.Functions.ExtensionBundle',
      version: '[4.*, 5.0.0)',
    });
    expect(host.extensions.http.routePrefix).toBe('');
    expect(pkg.main).toBe('dist/app/functions.js');
    expect(pkg.dependencies['@azure/functions']).toMatch(/^4\./);
  });
});
