import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCors } from '../src/cors';
import { type FunctionsHost, startFunctionsHost } from '../src/index';
import { sampleApp as copySampleApp } from './sampleApp';

const quiet = { out: () => {}, err: () => {} };
const ALLOWED = 'http://127.0.0.1:5173';

/** The fixture app with a local.settings.json whose `Host` section is `host`. */
const sampleApp = (host: Record<string, unknown>): string =>
  copySampleApp({ Values: { SAMPLE_SCHEDULE: '0 0 0 1 1 *' }, Host: host });

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });

const invocations = async (api: string): Promise<number> =>
  ((await (await fetch(`${api}/hooks`)).json()) as { preInvocation: number }).preInvocation;

describe('local Functions host: Host.CORS from local.settings.json, as func start honours it', () => {
  let host: FunctionsHost;
  let dir: string;
  let api: string;

  beforeAll(async () => {
    dir = sampleApp({ CORS: `${ALLOWED},https://portal.contoso.test`, CORSCredentials: true });
    host = await startFunctionsHost({ appDir: dir, port: 0, output: quiet });
    api = `${host.url}/api`;
  });
  afterAll(async () => {
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a preflight from a listed origin itself, before any function runs', async () => {
    const before = await invocations(api);
    const res = await preflight(`${api}/echo`, ALLOWED);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(await res.text()).toBe('');
    // The next invocation is the only one since: the preflight reached no function.
    expect(await invocations(api)).toBe(before + 1);
  });

  it('adds Access-Control-Allow-Origin to answers for a listed origin only', async () => {
    const ok = await fetch(`${api}/echo`, { headers: { origin: ALLOWED } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(ok.headers.get('vary')).toContain('Origin');
    const other = await fetch(`${api}/echo`, { headers: { origin: 'https://evil.example' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const none = await fetch(`${api}/echo`);
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives a preflight from an unlisted origin no CORS headers', async () => {
    const res = await preflight(`${api}/echo`, 'https://evil.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });
});

describe('local Functions host: Host.CORS "*"', () => {
  let host: FunctionsHost;
  let dir: string;

  beforeAll(async () => {
    dir = sampleApp({ CORS: '*' });
    host = await startFunctionsHost({ appDir: dir, port: 0, output: quiet });
  });
  afterAll(async () => {
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('allows any origin, without credentials', async () => {
    const res = await preflight(`${host.url}/api/echo`, 'https://anywhere.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const get = await fetch(`${host.url}/api/echo`, { headers: { origin: 'https://anywhere.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('parseCors', () => {
  it('reads a comma-separated list and the credentials flag', () => {
    expect(parseCors(' http://a.test/ , https://b.test', 'true', 'x')).toEqual({
      origins: ['http://a.test', 'https://b.test'],
      credentials: true,
    });
    expect(parseCors(undefined, true, 'x')).toBeUndefined();
    expect(parseCors('', false, 'x')).toBeUndefined();
  });

  it('refuses "*" with credentials and a non-string list', () => {
    expect(() => parseCors('*', true, 'local.settings.json')).toThrow(/cannot be combined/);
    expect(() => parseCors(['http://a.test'], false, 'local.settings.json')).toThrow(/comma-separated/);
  });
});

describe('local Functions host without Host.CORS', () => {
  let host: FunctionsHost;
  let dir: string;

  beforeAll(async () => {
    dir = sampleApp({});
    host = await startFunctionsHost({ appDir: dir, port: 0, output: quiet });
  });
  afterAll(async () => {
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds no CORS headers, like func start without the setting', async () => {
    const res = await fetch(`${host.url}/api/echo`, { headers: { origin: ALLOWED } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(
      (await preflight(`${host.url}/api/echo`, ALLOWED)).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });
});
