import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_TENANT, demoClient } from '../dev/demoTenant';
import { loadConfig } from '../src/lib/config/loadConfig';
import { type CostSplit, measureCostSplit } from './costSplit';
import { type BridgeHost, exchangeBody, exchangeOnce, startBridgeHost } from './host';
import { type LoadResult, postLoad } from './load';
import { createNoopApp } from './noopApp';
import { memoryOf, startServerProcess } from './processes';
import { type BenchStack, REPO_ROOT } from './stack';

export interface ExchangeResult {
  readonly reference: LoadResult;
  readonly bridge: LoadResult;
  /** The same load on a host whose host.json log level is Warning (no per-request lines). */
  readonly bridgeQuiet: LoadResult;
  /** `GET /api/me` and `POST /api/introspect` for the same warm user, on the same host. */
  readonly me: LoadResult;
  readonly introspect: LoadResult;
  /** A function that does nothing, on the same host: what the programming model costs alone. */
  readonly noopFunction: LoadResult;
  /** Lines the host printed per request under load (Executing/Executed…). */
  readonly hostLinesPerRequest: number;
  /** Host process memory right after the load. */
  readonly memory: { rssMb: number; peakRssMb: number } | undefined;
  /** User entities whose ETag changed during the warm runs (must be 0). */
  readonly storageWrites: number;
  readonly costSplit: CostSplit;
  readonly connections: number;
  readonly seconds: number;
}

/**
 * `POST /api/token` under load on the local Functions host (own process, Azurite, local
 * authority), warm user with unchanged claims, against the bare reference server (own
 * process) in the same run, and a no-op function on the same host (the host's own ceiling).
 */
export async function runExchangeBenchmark(
  stack: BenchStack,
  options: { connections: number; seconds: number; costIterations: number },
): Promise<ExchangeResult> {
  const subjectToken = await stack.userToken();
  const body = exchangeBody(subjectToken);
  const load = { connections: options.connections, seconds: options.seconds };

  const reference = await startReference(stack);
  let referenceLoad: LoadResult;
  try {
    referenceLoad = await postLoad(`${reference.url}/api/token`, body, load);
  } finally {
    await reference.stop();
  }

  const host = await startBridgeHost(stack);
  let bridgeLoad: LoadResult;
  let memory: ExchangeResult['memory'];
  let hostLinesPerRequest: number;
  let costSplit: CostSplit;
  let etagsBefore: Map<string, string>;
  let meLoad: LoadResult;
  let introspectLoad: LoadResult;
  try {
    await exchangeOnce(host.url, subjectToken); // provisions the user: the warm path starts here
    etagsBefore = await userEtags(stack);
    costSplit = await measureCostSplit(stack, subjectToken, options.costIterations);
    const linesBefore = host.lines();
    bridgeLoad = await postLoad(`${host.url}/api/token`, body, load);
    memory = memoryOf(host.pid);
    hostLinesPerRequest = (host.lines() - linesBefore) / Math.max(1, bridgeLoad.ok);
    // A platform service asking about the same warm user, side by side with /api/me.
    const platform = await exchangeOnce(host.url, subjectToken);
    const service = await stack.identity.authority.appToken({ clientAppId: demoClient('daemon').appId });
    meLoad = await postLoad(`${host.url}/api/me`, '', load, {
      method: 'GET',
      headers: { authorization: `Bearer ${platform}` },
    });
    introspectLoad = await postLoad(
      `${host.url}/api/introspect`,
      new URLSearchParams({ token: platform }).toString(),
      load,
      {
        headers: { authorization: `Bearer ${service}` },
      },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\nhost output:\n${host.tail()}`);
  } finally {
    await host.stop();
  }

  /** The load on a host after one exchange, then the host stopped. */
  const warmLoad = async (host: BridgeHost) => {
    try {
      await exchangeOnce(host.url, subjectToken);
      return await postLoad(`${host.url}/api/token`, body, load);
    } finally {
      await host.stop();
    }
  };
  const quietLoad = await warmLoad(await startBridgeHost(stack, { quietLogs: true }));
  const noopDir = createNoopApp();
  let noopLoad: LoadResult;
  try {
    noopLoad = await warmLoad(await startBridgeHost(stack, { appDir: noopDir }));
  } finally {
    rmSync(noopDir, { recursive: true, force: true });
  }

  const etagsAfter = await userEtags(stack);
  let storageWrites = etagsAfter.size === etagsBefore.size ? 0 : Math.abs(etagsAfter.size - etagsBefore.size);
  for (const [key, etag] of etagsBefore) if (etagsAfter.get(key) !== etag) storageWrites += 1;

  return {
    reference: referenceLoad,
    bridge: bridgeLoad,
    bridgeQuiet: quietLoad,
    noopFunction: noopLoad,
    me: meLoad,
    introspect: introspectLoad,
    hostLinesPerRequest,
    memory,
    storageWrites,
    costSplit,
    connections: options.connections,
    seconds: options.seconds,
  };
}

async function startReference(stack: BenchStack) {
  const config = loadConfig(stack.settings);
  const server = await startServerProcess(
    [join(REPO_ROOT, 'dist/bench/referenceServer.js')],
    {
      REF_AUTHORITY: stack.identity.authority.url,
      REF_TENANT: DEMO_TENANT.tenantId,
      REF_AUDIENCES: config.acceptedAudiences.join(','),
      BRIDGE_SIGNING_KEYS: stack.settings.BRIDGE_SIGNING_KEYS ?? '',
      NODE_EXTRA_CA_CERTS: stack.ca.path,
    },
    /listening on (\d+)/,
    { cwd: REPO_ROOT },
  );
  return { ...server, url: `http://127.0.0.1:${server.match[1]}` };
}

/** ETag of every user entity: an unchanged ETag proves no write happened. */
async function userEtags(stack: BenchStack): Promise<Map<string, string>> {
  const etags = new Map<string, string>();
  for await (const entity of stack.usersTable().listEntities()) {
    etags.set(`${entity.partitionKey}/${entity.rowKey}`, entity.etag);
  }
  return etags;
}
