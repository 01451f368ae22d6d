import type { IncomingMessage } from 'node:http';

/**
 * Request body limit of the Functions host: 100 MB (104,857,600 bytes); bigger requests get 413
 * (https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#limits).
 */
export const MAX_REQUEST_BODY_BYTES = 104_857_600;

/** Marker for a body over the limit. */
export const TOO_LARGE = Symbol('too large');

/**
 * Buffers a request body up to `limit` bytes. A declared `Content-Length` over the limit is refused
 * before reading; a longer streamed body stops being buffered as soon as it crosses the limit.
 */
export function readBody(
  req: IncomingMessage,
  limit = MAX_REQUEST_BODY_BYTES,
): Promise<Buffer | typeof TOO_LARGE> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
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
