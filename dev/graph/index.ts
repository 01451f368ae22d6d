import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DEMO_TENANT, type DemoTenant } from '../demoTenant';
import { createDirectory, type DirectoryControls } from './directory';
import { createFaults, type GraphFaults } from './faults';
import { type Authorize, createPipeline, type GraphStats, type RawRequest } from './pipeline';
import { createStateTokens } from './stateToken';

export type { Authorize, GraphStats } from './pipeline';
export type { GraphFaults } from './faults';
export type { NewGroup } from './directory';

/** Options of {@link startGraph}; checked once at start. */
export interface StartGraphOptions {
  /** PEM certificate (chain) and key the HTTPS server presents. */
  tls: { certPem: string; keyPem: string };
  /** Directory to serve; deep-copied. Default: the demo tenant. */
  tenant?: DemoTenant;
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /**
   * Resolves a bearer token to the caller's application permissions, `null` to refuse it (401).
   * Default: any non-empty token, with `Directory.Read.All`.
   */
  authorize?: Authorize;
  /** Largest `$top`; Graph's maximum for groups is 999. */
  maxPageSize?: number;
  /** Page size without `$top` or `Prefer: odata.maxpagesize`; Graph's is 100. */
  defaultPageSize?: number;
  /** Clock for token lifetimes and error dates (ms since epoch). */
  now?: () => number;
}

/** A running local Microsoft Graph (v1.0) with the hooks tests and benchmarks need. */
export interface LocalGraph {
  /** `https://127.0.0.1:PORT`: the `GRAPH_BASE_URL`; the API lives under `/v1.0`. */
  url: string;
  close(): Promise<void>;
  directory: DirectoryControls;
  /**
   * Fault injection. A `match` is tested against the path and query of a request, e.g.
   * `/v1.0/groups?$top=999`.
   */
  faults: GraphFaults;
  stats: GraphStats;
  /** Makes the next use of every delta/skip token issued so far answer `syncStateNotFound`. */
  expireDeltaTokens(): void;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Starts a local Microsoft Graph over HTTPS with the routes the bridge calls: `/groups` (paged,
 * `$select`, `$top`), `/groups/delta`, `/users/delta` (`accountEnabled`, deleted users as
 * `@removed`), `getMemberObjects` and `appRoleAssignedTo`, plus `/groups/{id}` and `/users/{id}`
 * for tests, with Graph's error shape, permissions and throttling answers. Tests bend answers
 * through {@link LocalGraph.faults} rather than through more of Graph modelled here.
 *
 * @example
 * const graph = await startGraph({ tls: await issueServerCert(await createDevCa()) });
 * graph.directory.addGroups(2500);
 * graph.faults.throttle(1, 0, /\/groups\/delta/);
 */
export async function startGraph(options: StartGraphOptions): Promise<LocalGraph> {
  const maxPageSize = options.maxPageSize ?? 999;
  const defaultPageSize = options.defaultPageSize ?? 100;
  if (!Number.isInteger(maxPageSize) || maxPageSize < 1)
    throw new Error('startGraph: maxPageSize must be ≥ 1');
  if (!Number.isInteger(defaultPageSize) || defaultPageSize < 1 || defaultPageSize > maxPageSize) {
    throw new Error('startGraph: defaultPageSize must be between 1 and maxPageSize');
  }
  const now = options.now ?? Date.now;
  const directory = createDirectory(options.tenant ?? DEMO_TENANT, now);
  const tokens = createStateTokens();
  const faults = createFaults();
  const stats: GraphStats = {
    requests: 0,
    byRoute: {},
    reset() {
      stats.requests = 0;
      stats.byRoute = {};
    },
  };
  const authorize = options.authorize ?? (async () => ({ roles: ['Directory.Read.All'] }));
  const context = { directory, tokens, defaultPageSize, maxPageSize, now };
  const handle = createPipeline(context, faults, stats, authorize);
  const host = options.host ?? '127.0.0.1';

  const server: Server = createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body =
          size > MAX_BODY_BYTES ? new SyntaxError('too large') : text.trim() ? JSON.parse(text) : undefined;
      } catch (error) {
        body = error;
      }
      const raw: RawRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers as Record<string, string | undefined>,
        body,
        origin: `https://${req.headers.host ?? `${host}:${(server.address() as AddressInfo).port}`}`,
      };
      handle(raw).then(
        (response) => {
          res.writeHead(response.status, response.headers);
          res.end(response.body === undefined ? undefined : JSON.stringify(response.body));
        },
        (error: unknown) => {
          console.error('local Graph: request failed', error);
          res.destroy();
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;

  return {
    url: `https://${hostInUrl}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    directory: {
      addGroup: directory.addGroup,
      addGroups: directory.addGroups,
      renameGroup: directory.renameGroup,
      deleteGroup: directory.deleteGroup,
      setMemberOf: directory.setMemberOf,
      assignToApi: directory.assignToApi,
      groups: directory.groups,
      addUsers: directory.addUsers,
      setAccountEnabled: directory.setAccountEnabled,
      deleteUser: directory.deleteUser,
    },
    faults,
    stats,
    expireDeltaTokens: tokens.expireAll,
  };
}
