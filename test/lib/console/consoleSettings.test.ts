import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/lib/config/loadConfig';
import { findConsoleDir, loadConsoleAssets } from '../../../src/lib/console/consoleAssets';
import { consoleCsp, consoleResponse } from '../../../src/lib/console/consoleResponse';
import { consoleSettings } from '../../../src/lib/console/consoleSettings';

const TENANT = 'b3c1e6a2-5d4f-4e7a-9c8b-1a2d3e4f5a6b';
const API = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const CONSOLE = '7e2f9a1b-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const base = {
  OAUTH_ENABLED: 'true',
  OAUTH_TENANT_ID: TENANT,
  OAUTH_APPLICATION_ID: API,
  BRIDGE_ISSUER: 'https://bridge.contoso.test/api',
};

describe('consoleSettings', () => {
  it('gives what a browser needs to sign in, from the settings', () => {
    const s = consoleSettings(
      loadConfig({ ...base, BRIDGE_CONSOLE_CLIENT_ID: CONSOLE, OAUTH_CLIENT_APPLICATION_IDS: CONSOLE }),
    );
    expect(s).toEqual({
      configured: true,
      clientId: CONSOLE,
      tenantId: TENANT,
      authorityHost: 'https://login.microsoftonline.com',
      scope: `api://${API}/access_as_user`,
      redirectUri: 'https://bridge.contoso.test/api/console/',
      problems: [],
    });
  });

  it('says how to set up when BRIDGE_CONSOLE_CLIENT_ID is unset, or missing from the allowed clients', () => {
    const unset = consoleSettings(loadConfig(base));
    expect(unset.configured).toBe(false);
    expect(unset.problems.join(' ')).toContain('BRIDGE_CONSOLE_CLIENT_ID is not set');
    const notAllowed = consoleSettings(loadConfig({ ...base, BRIDGE_CONSOLE_CLIENT_ID: CONSOLE }));
    expect(notAllowed.configured).toBe(true);
    expect(notAllowed.problems.join(' ')).toContain('OAUTH_CLIENT_APPLICATION_IDS must include');
  });

  it('uses the Application ID URI, the first required scope and a browser authority when set', () => {
    const s = consoleSettings(
      loadConfig({
        ...base,
        OAUTH_APPLICATION_ID_URI: 'api://contoso.test/platform',
        OAUTH_REQUIRED_SCOPES: 'Platform.Use',
        BRIDGE_CONSOLE_AUTHORITY_HOST: 'http://127.0.0.1:7074',
      }),
    );
    expect(s.scope).toBe('api://contoso.test/platform/Platform.Use');
    expect(s.authorityHost).toBe('http://127.0.0.1:7074');
  });

  it('refuses a non-GUID client ID and a plain-http authority off loopback', () => {
    expect(() => loadConfig({ ...base, BRIDGE_CONSOLE_CLIENT_ID: 'console' })).toThrow(
      /BRIDGE_CONSOLE_CLIENT_ID/,
    );
    expect(() => loadConfig({ ...base, BRIDGE_CONSOLE_AUTHORITY_HOST: 'http://login.example' })).toThrow(
      /BRIDGE_CONSOLE_AUTHORITY_HOST/,
    );
  });
});

describe('consoleResponse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-assets-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'assets', 'console-AB12CD34.js'), 'x');
  writeFileSync(join(dir, 'assets', 'notes.txt'), 'not served');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const settings = consoleSettings(
    loadConfig({ ...base, OAUTH_AUTHORITY_HOST: 'https://login.microsoftonline.us' }),
  );

  it('finds the built console among candidate folders', () => {
    expect(findConsoleDir([join(dir, 'nope'), dir])).toBe(dir);
    expect(findConsoleDir([join(dir, 'nope')])).toBeUndefined();
  });

  it('caches hashed assets for good and the page never without revalidation', () => {
    const assets = loadConsoleAssets(dir);
    expect(consoleResponse(assets, '', settings).headers['cache-control']).toBe('no-cache');
    const js = consoleResponse(assets, 'assets/console-AB12CD34.js', settings);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(consoleResponse(assets, 'assets/notes.txt', settings).status).toBe(404);
    expect(consoleResponse(assets, '../index.html', settings).status).toBe(404);
    expect(consoleResponse(undefined, '', settings).status).toBe(503);
  });

  it('sends a CSP without inline code, allowing only this app and the authority', () => {
    const csp = consoleCsp('https://login.microsoftonline.us');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("connect-src 'self' https://login.microsoftonline.us");
    expect(consoleResponse(undefined, 'settings.json', settings).headers['content-security-policy']).toBe(
      csp,
    );
  });
});
