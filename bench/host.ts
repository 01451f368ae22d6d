import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../dev/freePort';
import { repoHostJson, tempAppDir } from './appDir';
import { type ServerProcess, startServerProcess } from './processes';
import { type BenchStack, REPO_ROOT } from './stack';

export interface BridgeHost extends ServerProcess {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
}

/**
 * The built app on the local Functions host in its own process, the way the tests and
 * `npm start` run it. With `quietLogs`, the host runs from a throw-away app directory
 * whose host.json says `Warning` (the repository's host.json is left alone), to show
 * what the per-invocation `Executing`/`Executed` lines cost. With `appDir`, that app is
 * served instead (the caller's to remove); `settings` are added to the stack's.
 */
export async function startBridgeHost(
  stack: BenchStack,
  options: { quietLogs?: boolean; appDir?: string; settings?: Readonly<Record<string, string>> } = {},
): Promise<BridgeHost> {
  const port = await freePort();
  const ownDir = options.quietLogs && !options.appDir ? quietAppDir() : undefined;
  const appDir = options.appDir ?? ownDir ?? REPO_ROOT;
  const host = await startServerProcess(
    [
      require.resolve('@entra-bridge/functions-host/main'),
      '--app-dir',
      appDir,
      '--no-local-settings',
      '--port',
      String(port),
    ],
    { ...stack.settings, ...options.settings, NODE_EXTRA_CA_CERTS: stack.ca.path },
    /Host started on/,
    { cwd: REPO_ROOT },
  );
  return {
    ...host,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await host.stop();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}

function quietAppDir(): string {
  const hostJson = repoHostJson() as { logging?: Record<string, unknown> };
  hostJson.logging = { ...hostJson.logging, logLevel: { default: 'Warning', Function: 'Warning' } };
  const { main } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string };
  return tempAppDir('entra-bridge-bench-app-', { main, hostJson, linkDist: true });
}

/** Form body of an RFC 8693 exchange of `subjectToken`. */
export function exchangeBody(subjectToken: string): string {
  return new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token: subjectToken,
    subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
  }).toString();
}

/** One exchange; throws unless the answer is 200. Returns the platform token. */
export async function exchangeOnce(baseUrl: string, subjectToken: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: exchangeBody(subjectToken),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`exchange answered ${response.status}: ${text.slice(0, 300)}`);
  return String((JSON.parse(text) as { access_token?: unknown }).access_token);
}
