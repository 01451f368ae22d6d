import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';

/** Azurite of the global setup, started with dev/azuritePointLookups.cjs preloaded. */
function table(): TableClient {
  const connection = process.env.TEST_TABLES_CONNECTION ?? '';
  return TableClient.fromConnectionString(connection, `azurite${randomBytes(4).toString('hex')}`, {
    allowInsecureConnection: true,
  });
}

describe('local Azurite, point lookups by RowKey first', () => {
  it('still tells entities apart by PartitionKey and RowKey together, in single calls and in transactions', async () => {
    const client = table();
    await client.createTable();
    await client.createEntity({ partitionKey: 'p1', rowKey: 'r', v: 'p1/r' });
    await client.createEntity({ partitionKey: 'p2', rowKey: 'r', v: 'p2/r' });
    await expect(client.createEntity({ partitionKey: 'p2', rowKey: 'r', v: 'again' })).rejects.toMatchObject({
      statusCode: 409,
    });
    await client
      .submitTransaction([
        ['upsert', { partitionKey: 'p1', rowKey: 'r', v: 'p1/r upserted' }, 'Replace'],
        ['upsert', { partitionKey: 'p1', rowKey: 's', v: 'p1/s' }, 'Replace'],
        ['update', { partitionKey: 'p1', rowKey: 'r2', v: 'absent' }, 'Merge'],
      ])
      .catch(() => undefined); // the update of an absent entity fails the whole transaction
    expect((await client.getEntity<{ v: string }>('p1', 'r')).v).toBe('p1/r');
    await expect(client.getEntity('p1', 's')).rejects.toMatchObject({ statusCode: 404 });

    await client.submitTransaction([
      ['upsert', { partitionKey: 'p1', rowKey: 'r', v: 'p1/r upserted' }, 'Replace'],
      ['upsert', { partitionKey: 'p1', rowKey: 's', v: 'p1/s' }, 'Replace'],
    ]);
    await client.deleteEntity('p2', 'r');
    expect((await client.getEntity<{ v: string }>('p1', 'r')).v).toBe('p1/r upserted');
    expect((await client.getEntity<{ v: string }>('p1', 's')).v).toBe('p1/s');
    await expect(client.getEntity('p2', 'r')).rejects.toMatchObject({ statusCode: 404 });
    await client.deleteTable();
  });
});
