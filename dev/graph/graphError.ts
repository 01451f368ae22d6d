/**
 * Graph's error envelope, `{"error":{"code","message","innerError":{…}}}`
 * (https://learn.microsoft.com/graph/errors). Handlers throw {@link GraphError}; the pipeline turns
 * it into a response with {@link errorBody}.
 */
export class GraphError extends Error {
  /**
   * @param status - HTTP status of the response.
   * @param code - Graph's error code (`Request_ResourceNotFound`, `syncStateNotFound`, …).
   * @param headers - extra response headers, such as `Retry-After` on 429/503/504.
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** Ids that Graph echoes in `innerError` and in the `request-id`/`client-request-id` headers. */
export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

/**
 * Builds the JSON body of an error. Graph writes `innerError.date` as an ISO timestamp without
 * fraction or zone, e.g. `2024-01-24T12:04:40`.
 */
export function errorBody(error: GraphError, ids: RequestIds, nowMs: number): unknown {
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        date: new Date(nowMs).toISOString().slice(0, 19),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
  };
}

/** Graph answers 400 `Request_BadRequest` for malformed object ids (they are GUIDs). */
export function assertObjectId(id: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${id}'.`);
  }
}

/** Graph's answer for an id that names no live object. */
export function notFound(id: string): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}
