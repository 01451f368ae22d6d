import { createServer, type Server, type Socket, connect } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Refuses new connections and drops open ones, like a storage account that went away. */
  cut(): Promise<void>;
  /** Accepts connections again on the same port (after `cut`), or forwards again (after `stall`). */
  restore(): Promise<void>;
  /** Drops open connections and holds new ones without an answer, like an account that hangs. */
  stall(): void;
  close(): Promise<void>;
}

/** A loopback TCP proxy whose link can be cut and restored, to take a dependency away mid-run. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  let stalled = false;
  const held = new Set<Socket>();
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        if (stalled) {
          held.add(client);
          client.on('error', () => client.destroy());
          client.on('close', () => held.delete(client));
          return;
        }
        const upstream = connect(targetPort, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        const address = s.address();
        port = typeof address === 'object' && address ? address.port : port;
        server = s;
        resolve();
      });
    });
  const dropAll = () => {
    for (const socket of [...sockets, ...held]) socket.destroy();
  };
  const cut = async () => {
    const s = server;
    server = undefined;
    dropAll();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  const stall = () => {
    stalled = true;
    dropAll();
  };
  const restore = async () => {
    if (stalled) {
      stalled = false;
      dropAll();
    }
    if (!server) await listen();
  };
  await listen();
  return { port, cut, restore, stall, close: cut };
}
