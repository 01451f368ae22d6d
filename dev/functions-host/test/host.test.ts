import { existsSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionsHost, startFunctionsHost } from '../src/index';
import { sampleApp as copySampleApp } from './sampleApp';

const quiet = { out: () => {}, err: () => {} };
const guid = '6cab8f93-1b2c-4d5e-8f90-0123456789ab';

const sampleApp = (values: Record<string, string>): string => copySampleApp({ Values: values });

function clearSampleEnv(): void {
  for (const name of Object.keys(process.env)) if (name.startsWith('SAMPLE_')) delete process.env[name];
}

/** Raw node:http request, for cases fetch cannot express (declared oversize bodies). */
function rawRequest(url: string, method: string, headers: Record<string, string | number>, body?: Buffer) {
  return new Promise<{ status: number; body: string }>((done, fail) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', fail);
    if (body) req.end(body);
    else req.flushHeaders();
  });
}

/** Sends a chunked body of up to `total` bytes, 1 MiB at a time, until the response arrives. */
function streamUntilAnswered(url: string, total: number) {
  return new Promise<{ status: number; sent: number }>((done, fail) => {
    let sent = 0;
    let answered = false;
    const req = request(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
      answered = true;
      res.resume();
      done({ status: res.statusCode ?? 0, sent });
      req.destroy();
    });
    req.on('error', (err) => (answered ? undefined : fail(err)));
    const chunk = Buffer.alloc(1024 * 1024, 97);
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('startFunctionsHost with FUNCTIONS_REQUEST_BODY_SIZE_LIMIT', () => {
  it('refuses bodies over the configured limit with 413, as the host does', async () => {
    clearSampleEnv();
    process.env.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT = '1024';
    const dir = sampleApp({ SAMPLE_SCHEDULE: '0 0 0 1 1 *' });
    const host = await startFunctionsHost({ appDir: dir, port: 0, output: quiet });
    try {
      const over = await rawRequest(`${host.url}/api/plain`, 'POST', {}, Buffer.alloc(1025, 97));
      expect(over.status).toBe(413);
      const at = await rawRequest(`${host.url}/api/plain`, 'POST', {}, Buffer.alloc(1024, 97));
      expect(at.status).toBe(200);
      expect((await streamUntilAnswered(`${host.url}/api/echo`, 64 * 1024 * 1024)).status).toBe(413);
    } finally {
      delete process.env.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT;
      clearSampleEnv();
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('startFunctionsHost (in-process)', () => {
  let host: FunctionsHost;
  let dir: string;
  let api: string;
  const terminateFile = join(tmpdir(), `functions-host-terminate-${process.pid}.json`);

  beforeAll(async () => {
    clearSampleEnv();
    process.env.SAMPLE_X = 'from-environment';
    process.env.SAMPLE_TERMINATE_FILE = terminateFile;
    dir = sampleApp({ SAMPLE_SCHEDULE: '*/1 * * * * *', SAMPLE_X: 'from-file', SAMPLE_Y: 'from-file' });
    host = await startFunctionsHost({ appDir: dir, port: 0, output: quiet });
    api = `${host.url}/api`;
  });

  afterAll(async () => {
    await host?.close();
    clearSampleEnv();
    rmSync(dir, { recursive: true, force: true });
    rmSync(terminateFile, { force: true });
  });

  it('answers the root and the admin status', async () => {
    const root = await fetch(`${host.url}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toBe('entra-bridge local Functions host');
    const status = await fetch(`${host.url}/admin/host/status`);
    expect(await status.json()).toMatchObject({ state: 'Running', version: expect.any(String) });
  });

  it('passes method, decoded params, query, headers and JSON body through the library', async () => {
    const res = await fetch(`${api}/echo/J%C3%BCrgen%20M?a=1&a=2&flag`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test': 'yes' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(res.status).toBe(200);
    const echo = await res.json();
    expect(echo).toMatchObject({
      method: 'POST',
      url: `${api}/echo/J%C3%BCrgen%20M?a=1&a=2&flag`,
      params: { name: 'Jürgen M' },
      query: { a: '1,2', flag: '' },
      body: { hello: 'world' },
      functionName: 'echo',
      triggerType: 'httpTrigger',
    });
    expect(echo.headers).toMatchObject({ 'x-test': 'yes', 'content-type': 'application/json' });
  });

  it('routes optional, constrained and catch-all parameters', async () => {
    expect((await (await fetch(`${api}/echo`)).json()).params).toEqual({});
    expect((await (await fetch(`${api}/items/${guid}`)).json()).params).toEqual({ id: guid });
    expect((await (await fetch(`${api}/items/latest`)).json()).functionName).toBe('itemLiteral');
    expect((await fetch(`${api}/items/not-a-guid`)).status).toBe(404);
    expect((await (await fetch(`${api}/files/a/b%20c.txt`)).json()).params).toEqual({ rest: 'a/b c.txt' });
    expect((await (await fetch(`${api}/counter/42`)).json()).params).toEqual({ n: '42' });
    expect((await fetch(`${api}/counter/4x2`)).status).toBe(404);
    expect((await fetch(`${api}/letters/abc1`)).status).toBe(404);
  });

  it('uses the function name as default route, case-insensitively, with GET and POST', async () => {
    expect((await fetch(`${host.url}/API/Plain`)).status).toBe(200);
    expect((await fetch(`${api}/plain`, { method: 'POST', body: 'x' })).status).toBe(200);
    expect((await fetch(`${api}/plain`, { method: 'PUT', body: 'x' })).status).toBe(404);
  });

  it('answers 404 for unknown routes, paths outside the prefix and other methods', async () => {
    for (const [path, method] of [
      ['/api/nope', 'GET'],
      ['/plain', 'GET'],
      ['/api/readonly', 'DELETE'],
      ['/admin/unknown', 'GET'],
    ] as const) {
      const res = await fetch(`${host.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.text()).toBe('');
    }
    expect((await (await fetch(`${api}/readonly`)).json()).functionName).toBe('readOnly');
    expect((await (await fetch(`${api}/readonly`, { method: 'POST' })).json()).functionName).toBe(
      'writeOnly',
    );
  });

  it('serves HEAD without a body when the function allows HEAD', async () => {
    const res = await fetch(`${api}/echo`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect((await fetch(`${api}/plain`, { method: 'HEAD' })).status).toBe(404);
  });

  it('turns a thrown error into an empty 500 and keeps serving', async () => {
    const res = await fetch(`${api}/boom`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('');
    expect((await fetch(`${api}/echo`)).status).toBe(200);
  });

  it('converts status, headers, cookies and jsonBody of the return value', async () => {
    const res = await fetch(`${api}/custom`);
    expect(res.status).toBe(201);
    expect(res.headers.get('x-custom')).toBe('yes');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.getSetCookie()).toEqual([
      'session=a%20b; max-age=60; path=/; secure; samesite=lax; httponly',
      'theme=dark',
    ]);
    expect(await res.json()).toEqual({ created: true });
  });

  it('answers 200 with an empty body when the function returns nothing', async () => {
    const res = await fetch(`${api}/nothing`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('refuses bodies over 100 MB with 413, declared or streamed', async () => {
    const declared = await rawRequest(`${api}/echo`, 'POST', { 'content-length': 104_857_601 });
    expect(declared.status).toBe(413);
    const streamed = await fetch(`${api}/echo`, { method: 'POST', body: Buffer.alloc(104_857_601, 97) });
    expect(streamed.status).toBe(413);
    const atLimit = await rawRequest(`${api}/plain`, 'POST', {}, Buffer.alloc(1024, 97));
    expect(atLimit.status).toBe(200);
  });

  it('stops reading a chunked body at the limit: the sender is held back, not buffered', async () => {
    const { status, sent } = await streamUntilAnswered(`${api}/echo`, 300 * 1024 * 1024);
    expect(status).toBe(413);
    // The host read a little over 100 MB and paused the socket: far from all 300 MB was taken.
    expect(sent).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses URLs longer than 4 KB with 414', async () => {
    expect((await fetch(`${api}/echo?q=${'a'.repeat(4100)}`)).status).toBe(414);
  });

  it('lets environment variables win over local.settings.json', async () => {
    expect(await (await fetch(`${api}/settings/SAMPLE_X`)).json()).toEqual({
      name: 'SAMPLE_X',
      value: 'from-environment',
    });
    expect(await (await fetch(`${api}/settings/SAMPLE_Y`)).json()).toEqual({
      name: 'SAMPLE_Y',
      value: 'from-file',
    });
  });

  it('fires the timer resolved from %SAMPLE_SCHEDULE% with the timer input the library expects', async () => {
    let ticks = { count: 0, last: null as null | { timer: unknown }, startups: 0 };
    for (let i = 0; i < 40 && ticks.count < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ticks = await (await fetch(`${api}/ticks`)).json();
    }
    expect(ticks.count).toBeGreaterThanOrEqual(2);
    expect(ticks.startups).toBe(1);
    expect(ticks.last?.timer).toMatchObject({
      isPastDue: false,
      schedule: { adjustForDST: true },
      scheduleStatus: { last: expect.any(String), next: expect.any(String), lastUpdated: expect.any(String) },
    });
  });

  it('runs a timer function through the admin API with 202', async () => {
    const before = (await (await fetch(`${api}/ticks`)).json()).startups;
    const res = await fetch(`${host.url}/admin/functions/startupTimer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: '' }),
    });
    expect(res.status).toBe(202);
    await new Promise((r) => setTimeout(r, 100));
    expect((await (await fetch(`${api}/ticks`)).json()).startups).toBe(before + 1);
    expect((await fetch(`${host.url}/admin/functions/missing`, { method: 'POST', body: '{}' })).status).toBe(
      404,
    );
    expect((await fetch(`${host.url}/admin/functions/echo`, { method: 'POST', body: '{}' })).status).toBe(
      400,
    );
  });

  it('runs appStart, preInvocation and postInvocation hooks', async () => {
    const counts = await (await fetch(`${api}/hooks`)).json();
    expect(counts.appStart).toBe(1);
    expect(counts.preInvocation).toBeGreaterThan(0);
    // postInvocation counts only when its preInvocation set hookData; timers may be mid-flight.
    expect(counts.postInvocation).toBeGreaterThan(0);
    expect(counts.postInvocation).toBeLessThanOrEqual(counts.preInvocation);
  });

  it('lists registrations as registered', () => {
    expect(host.registrations).toContainEqual({
      name: 'ticker',
      trigger: 'timerTrigger',
      route: null,
      methods: null,
      authLevel: null,
      schedule: '%SAMPLE_SCHEDULE%',
    });
  });

  describe('close', () => {
    afterEach(() => rmSync(terminateFile, { force: true }));

    it('runs appTerminate hooks and stops listening', async () => {
      await host.close();
      expect(existsSync(terminateFile)).toBe(true);
      expect(JSON.parse(readFileSync(terminateFile, 'utf8')).appStart).toBe(1);
      await expect(fetch(`${api}/echo`)).rejects.toThrow();
    });
  });
});

describe('startFunctionsHost startup errors', () => {
  afterEach(clearSampleEnv);

  it('names the missing app setting and the function', async () => {
    clearSampleEnv();
    const dir = sampleApp({});
    await expect(startFunctionsHost({ appDir: dir, port: 0, output: quiet })).rejects.toThrow(
      /Function 'ticker'.*'SAMPLE_SCHEDULE'/,
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the function with an invalid schedule', async () => {
    clearSampleEnv();
    const dir = sampleApp({ SAMPLE_SCHEDULE: '61 * * * * *' });
    await expect(startFunctionsHost({ appDir: dir, port: 0, output: quiet })).rejects.toThrow(
      /Function 'ticker'.*outside 0-59/,
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
