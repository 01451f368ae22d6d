import type { TableClient } from '@azure/data-tables';

/** Counts the HTTP requests a set of table clients sent (retries included). */
export interface RequestCounter {
  readonly count: number;
}

const counts = new WeakMap<TableClient, { n: number }>();

/**
 * Adds a counting policy to each client's pipeline (once per client, after the retry
 * policy so every attempt counts). The directory sync reports the difference per run; the
 * counter is per instance, so concurrent invocations on one instance share it.
 */
export function countTableRequests(clients: readonly TableClient[]): RequestCounter {
  const cells = clients.map((client) => {
    let cell = counts.get(client);
    if (!cell) {
      const created = { n: 0 };
      cell = created;
      counts.set(client, created);
      client.pipeline.addPolicy(
        {
          name: 'entraBridgeRequestCounter',
          sendRequest: (request, next) => {
            created.n += 1;
            return next(request);
          },
        },
        { afterPhase: 'Retry' },
      );
    }
    return cell;
  });
  return {
    get count() {
      return cells.reduce((sum, cell) => sum + cell.n, 0);
    },
  };
}
