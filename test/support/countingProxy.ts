import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  readonly port: number;
  /** Requests forwarded since the last `reset`, by method. */
  counts(): Record<string, number>;
  /** Requests since the last `reset` whose path contains `pathPart` (all when omitted). */
  total(pathPart?: string): number;
  reset(): void;
  close(): Promise<void>;
}

/** A loopback HTTP proxy in front of a server (Azurite) that counts the requests it forwards. */
export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  let counts: Record<string, number> = {};
  let paths: string[] = [];
  const server = createServer((incoming, outgoing) => {
    const method = incoming.method ?? 'GET';
    counts[method] = (counts[method] ?? 0) + 1;
    paths.push(incoming.url ?? '');
    const upstream = request(
      { host: '127.0.0.1', port: targetPort, method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    counts: () => ({ ...counts }),
    total: (pathPart) => paths.filter((p) => pathPart === undefined || p.includes(pathPart)).length,
    reset: () => {
      counts = {};
      paths = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
