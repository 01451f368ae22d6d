import type { IncomingMessage } from 'node:http';

/**
 * Request body limit of the Functions host: 100 MB (104,857,600 bytes); bigger requests get 413
 * (https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#limits).
 * The app setting `FUNCTIONS_REQUEST_BODY_SIZE_LIMIT` (bytes) changes it, as it does for the host.
 */
export const MAX_REQUEST_BODY_BYTES = 104_857_600;

/** The body limit from `FUNCTIONS_REQUEST_BODY_SIZE_LIMIT`, else the host's default. */
export function bodyLimitFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT;
  const value = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isSafeInteger(value) && value > 0 ? value : MAX_REQUEST_BODY_BYTES;
}

/** Marker for a body over the limit. */
export const TOO_LARGE = Symbol('too large');

/**
 * Buffers a request body up to `limit` bytes. A declared `Content-Length` over the limit is refused
 * before reading; a longer streamed (chunked) body stops being read as soon as it crosses the
 * limit: the socket is paused, so the rest stays with the sender instead of in memory.
 */
export function readBody(
  req: IncomingMessage,
  limit = MAX_REQUEST_BODY_BYTES,
): Promise<Buffer | typeof TOO_LARGE> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.pause();
    return Promise.resolve(TOO_LARGE);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        chunks.length = 0;
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('Request aborted')));
  });
}
