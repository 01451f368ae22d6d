import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/core-auth';
import type { BridgeConfig } from '../config/bridgeConfig';
import { UnavailableError } from '../errors';
import { isConflict, isTableMissing, toStorageUnavailable } from './storageErrors';

/** The tables the bridge keeps; names get `BRIDGE_TABLE_PREFIX` in front. */
export const TABLE_NAMES = {
  users: 'Users',
  catalog: 'Catalog',
  directory: 'DirectoryGroups',
  state: 'State',
} as const;

export type TableName = keyof typeof TABLE_NAMES;

/** A TableClient that creates its table on first use (once per instance). */
export interface BridgeTable {
  readonly client: TableClient;
  /** Resolves once the table exists; storage outages become `UnavailableError`. */
  ready(): Promise<TableClient>;
  /**
   * Runs `operation` once the table exists. If the table was deleted under us (TableNotFound),
   * it is created again and the operation retried once.
   */
  use<T>(operation: (client: TableClient) => Promise<T>): Promise<T>;
}

export type BridgeTables = Readonly<Record<TableName, BridgeTable>>;

/** Default of `BRIDGE_STORAGE_TIMEOUT_SECONDS`. */
export const DEFAULT_STORAGE_TIMEOUT_SECONDS = 5;

/**
 * Retries kept short and every request bounded on purpose: an exchange waits for storage,
 * so a dead or hanging storage account must turn into a 503 within seconds, not after the
 * SDK's default back-off, nor never (the SDK sets no timeout of its own). A request that
 * times out is aborted and not retried (`toStorageUnavailable` maps the AbortError).
 */
function clientOptions(requestTimeoutMs: number): TableServiceClientOptions {
  return {
    retryOptions: { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 1000 },
    additionalPolicies: [
      {
        position: 'perRetry',
        policy: {
          name: 'bridgeRequestTimeout',
          sendRequest: (request, next) => {
            if (!request.timeout) request.timeout = requestTimeoutMs;
            return next(request);
          },
        },
      },
    ],
  };
}

/**
 * Table clients from the storage settings: a connection string (`TABLES_CONNECTION`,
 * `AzureWebJobsStorage`, `UseDevelopmentStorage=true`) or the identity-based
 * `TABLES_CONNECTION__tableServiceUri` with a credential (managed identity in Azure).
 */
export function createTables(
  storage: Omit<BridgeConfig['storage'], 'requestTimeoutSeconds'> & { requestTimeoutSeconds?: number },
  credential?: () => TokenCredential,
): BridgeTables {
  const options = clientOptions((storage.requestTimeoutSeconds ?? DEFAULT_STORAGE_TIMEOUT_SECONDS) * 1000);
  const make = (name: TableName): BridgeTable => {
    const tableName = `${storage.tablePrefix}${TABLE_NAMES[name]}`;
    let client: TableClient;
    if (storage.tableServiceUri) {
      if (!credential) throw new Error('a credential is required for TABLES_CONNECTION__tableServiceUri');
      client = new TableClient(storage.tableServiceUri, tableName, credential(), options);
    } else {
      const connection = storage.connectionString ?? 'UseDevelopmentStorage=true';
      client = TableClient.fromConnectionString(connection, tableName, {
        ...options,
        allowInsecureConnection: /UseDevelopmentStorage=true|=http:\/\/(127\.|localhost)/i.test(connection),
      });
    }
    const ready = once(client);
    return { client, ready: ready.get, use: withTable(ready) };
  };
  return {
    users: make('users'),
    catalog: make('catalog'),
    directory: make('directory'),
    state: make('state'),
  };
}

function once(client: TableClient): { get: () => Promise<TableClient>; reset: () => void } {
  let created: Promise<TableClient> | undefined;
  const get = () => {
    created ??= client.createTable().then(
      () => client,
      (err: unknown) => {
        created = undefined;
        if (isConflict(err)) return client;
        return toStorageUnavailable(err);
      },
    );
    return created;
  };
  return { get, reset: () => (created = undefined) };
}

function withTable(ready: ReturnType<typeof once>): BridgeTable['use'] {
  return async (operation) => {
    try {
      return await operation(await ready.get());
    } catch (err) {
      if (!isTableMissing(err)) throw err;
    }
    ready.reset();
    try {
      return await operation(await ready.get());
    } catch (err) {
      if (isTableMissing(err)) {
        throw new UnavailableError('storage_unavailable', 'A table could not be created.', { cause: err });
      }
      throw err;
    }
  };
}
