import { GraphError } from './graphError';
import type { GraphResponse } from './types';

/** One entry of a JSON batch's `requests`. */
export interface BatchItem {
  id: string;
  method: string;
  /** Relative to the version, e.g. `/groups/{id}?$select=displayName`. */
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

/** JSON batching takes at most 20 requests (https://learn.microsoft.com/graph/json-batching). */
export const MAX_BATCH_REQUESTS = 20;

function invalid(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}

/** Validates a `$batch` body; Graph rejects the whole batch with 400 when it is malformed. */
export function parseBatch(body: unknown): BatchItem[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw invalid('Invalid batch payload format.');
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw invalid(`The number of requests in the batch exceeds the limit of ${MAX_BATCH_REQUESTS}.`);
  }
  const seen = new Set<string>();
  return requests.map((raw: Record<string, unknown> | null) => {
    const { id, method, url, headers, body: innerBody, dependsOn } = raw ?? {};
    if (typeof id !== 'string' || id === '' || typeof method !== 'string' || typeof url !== 'string') {
      throw invalid("Each batch request needs string 'id', 'method' and 'url' properties.");
    }
    if (seen.has(id)) throw invalid(`Batch request id '${id}' is duplicated.`);
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) throw invalid('Batch request urls must be relative.');
    const deps = dependsOn === undefined ? [] : dependsOn;
    // Only earlier ids may be depended on, which also rules out cycles.
    if (!Array.isArray(deps) || !deps.every((d) => typeof d === 'string' && seen.has(d))) {
      throw invalid(`Batch request '${id}' depends on an unknown or later request.`);
    }
    seen.add(id);
    return {
      id,
      method: method.toUpperCase(),
      // The SDK's BatchRequestContent keeps the version in urls built from absolute ones (`/v1.0/me`).
      url: `/${url
        .replace(/^\/+/, '')
        .replace(/^v1\.0(?=\/)/i, '')
        .replace(/^\/+/, '')}`,
      headers: typeof headers === 'object' && headers !== null ? (headers as Record<string, string>) : {},
      body: innerBody,
      dependsOn: deps as string[],
    };
  });
}

/**
 * Runs the items, independent ones concurrently; an item whose dependency failed gets
 * 424 Failed Dependency without running. The outer answer is 200 whatever the inner statuses.
 */
export async function runBatch(
  items: BatchItem[],
  execute: (item: BatchItem) => Promise<GraphResponse>,
): Promise<unknown> {
  const results = new Map<string, Promise<GraphResponse>>();
  for (const item of items) {
    const deps = item.dependsOn.map((d) => results.get(d) as Promise<GraphResponse>);
    results.set(
      item.id,
      Promise.all(deps).then((done) =>
        done.some((r) => r.status >= 400)
          ? {
              status: 424,
              headers: { 'Content-Type': 'application/json' },
              body: {
                error: { code: 'FailedDependency', message: 'A request this request depends on failed.' },
              },
            }
          : execute(item),
      ),
    );
  }
  const responses = await Promise.all(
    items.map(async (item) => {
      const response = await (results.get(item.id) as Promise<GraphResponse>);
      return { id: item.id, status: response.status, headers: response.headers, body: response.body };
    }),
  );
  return { responses };
}
