import { createServer } from 'node:net';
import { freePort } from './freePort';

/** `preferred` when it is free on 127.0.0.1, otherwise any free port. */
export async function portOr(preferred: number): Promise<number> {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  return free ? preferred : freePort();
}
