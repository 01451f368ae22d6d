import type { TableClient } from '@azure/data-tables';

/**
 * Counts the requests table clients send, by kind: GET reads, everything else (inserts,
 * updates, a `$batch` once) writes. Added after the retry policy, so every attempt counts.
 */
export function countTableRequestsByKind(clients: readonly TableClient[]): {
  readonly reads: number;
  readonly writes: number;
} {
  const counts = { reads: 0, writes: 0 };
  for (const client of clients) {
    client.pipeline.addPolicy(
      {
        name: 'benchRequestCounter',
        sendRequest: (request, next) => {
          if (request.method === 'GET') counts.reads += 1;
          else counts.writes += 1;
          return next(request);
        },
      },
      { afterPhase: 'Retry' },
    );
  }
  return counts;
}

/** The write requests of one table client. */
export function countWrites(client: TableClient): { readonly n: number } {
  const counts = countTableRequestsByKind([client]);
  return {
    get n() {
      return counts.writes;
    },
  };
}
