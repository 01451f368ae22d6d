import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, sampleApp as copySampleApp } from './sampleApp';

const work = mkdtempSync(join(tmpdir(), 'functions-host-cli-'));
const entry = join(work, 'out/main.js');
const sampleEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('SAMPLE_') && name !== 'PORT'),
  );

/**
 * Compiles the package with its own tsconfig into a temp dir, so the test runs the built
 * CommonJS entry whether or not `npm run build` ran, and never a stale dist/.
 */
function buildEntry(): void {
  const tsc = createRequire(__filename).resolve('typescript/bin/tsc');
  const args = ['-p', join(PACKAGE_ROOT, 'tsconfig.json'), '--outDir', join(work, 'out')];
  execFileSync(process.execPath, [tsc, ...args, '--sourceMap', 'false', '--declaration', 'false'], {
    stdio: 'pipe',
  });
}

const sampleApp = (name: string, values: Record<string, string>): string =>
  copySampleApp({ Values: values }, work, name);

interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  exit: Promise<number | null>;
}

function startCli(args: string[], env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, [entry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const started = /Host started on (http:\/\/\S+)/.exec(stdout);
      if (started?.[1]) done({ child, url: started[1], stdout: () => stdout, exit });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    void exit.then((code) => fail(new Error(`host exited with ${code}: ${stderr}`)));
  });
}

beforeAll(buildEntry, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('functions host CLI', () => {
  it('--list prints every registration as JSON without listening', () => {
    const dir = sampleApp('list-app', {});
    const json = execFileSync(process.execPath, [entry, '--app-dir', dir, '--list'], {
      env: sampleEnv(),
    }).toString();
    const list = JSON.parse(json) as { name: string }[];
    expect(list.map((f) => f.name)).toContain('ticks');
    expect(list).toContainEqual({
      name: 'echo',
      trigger: 'httpTrigger',
      route: 'echo/{name?}',
      methods: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'],
      authLevel: 'anonymous',
      schedule: null,
    });
    expect(list).toContainEqual({
      name: 'plain',
      trigger: 'httpTrigger',
      route: 'plain',
      methods: ['GET', 'POST'],
      authLevel: 'anonymous',
      schedule: null,
    });
    expect(list).toContainEqual(expect.objectContaining({ name: 'item', authLevel: 'function' }));
    expect(list).toContainEqual(expect.objectContaining({ name: 'ticker', schedule: '%SAMPLE_SCHEDULE%' }));
  });

  it('serves functions, fires timers, runs admin invocations and stops on SIGTERM', async () => {
    const dir = sampleApp('serve-app', { SAMPLE_SCHEDULE: '*/1 * * * * *', SAMPLE_X: 'from-file' });
    const terminateFile = join(work, 'terminated.json');
    const env = { ...sampleEnv(), SAMPLE_X: 'from-environment', SAMPLE_TERMINATE_FILE: terminateFile };
    const host = await startCli(['--app-dir', dir, '--port', '0'], env);
    try {
      const port = new URL(host.url).port;
      expect(host.stdout()).toContain(
        `\techo: [GET,POST,PUT,DELETE,HEAD] http://127.0.0.1:${port}/api/echo/{name?}`,
      );
      expect(host.stdout()).toContain('\tticker: timerTrigger');

      const echo = await (await fetch(`${host.url}/api/echo/a%20b?x=1`)).json();
      expect(echo).toMatchObject({ params: { name: 'a b' }, query: { x: '1' } });
      expect((await fetch(`${host.url}/api/boom`)).status).toBe(500);
      expect((await fetch(`${host.url}/api/echo`)).status).toBe(200);
      expect((await (await fetch(`${host.url}/api/settings/SAMPLE_X`)).json()).value).toBe(
        'from-environment',
      );

      const admin = await fetch(`${host.url}/admin/functions/ticker`, {
        method: 'POST',
        body: '{"input":""}',
      });
      expect(admin.status).toBe(202);
      let count = 0;
      for (let i = 0; i < 40 && count < 3; i++) {
        await new Promise((r) => setTimeout(r, 100));
        count = (await (await fetch(`${host.url}/api/ticks`)).json()).count;
      }
      expect(count).toBeGreaterThanOrEqual(3);
      expect(host.stdout()).toMatch(/\[ticker\] tick 1/);
      expect(host.stdout()).not.toContain('from-environment');
    } finally {
      host.child.kill('SIGTERM');
    }
    expect(await host.exit).toBe(0);
    expect(existsSync(terminateFile)).toBe(true);
    expect(JSON.parse(readFileSync(terminateFile, 'utf8')).appStart).toBe(1);
  });

  it('exits 1 naming a missing app setting', () => {
    const dir = sampleApp('missing-setting-app', {});
    let failure: { status?: number; stderr?: Buffer } = {};
    try {
      execFileSync(process.execPath, [entry, '--app-dir', dir, '--port', '0'], {
        env: sampleEnv(),
        stdio: 'pipe',
      });
    } catch (error) {
      failure = error as typeof failure;
    }
    expect(failure.status).toBe(1);
    expect(failure.stderr?.toString()).toMatch(/Function 'ticker'.*'SAMPLE_SCHEDULE'/);
  });
});
