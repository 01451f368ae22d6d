import { randomFillSync } from 'node:crypto';

/** Random bytes drawn from this pool; refilled 4 KiB at a time. */
const pool = Buffer.alloc(4096);
let offset = pool.length;

/**
 * `bytes` random bytes as lower-case hex, like `randomBytes(bytes).toString('hex')` but from a
 * pooled buffer: a synchronous `randomBytes` per invocation (two of them for every trace
 * context) was a visible share of each request. `crypto.randomUUID` pools the same way.
 */
export function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}
