import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/stack';

const PRELOAD = join(REPO_ROOT, 'dev/azuritePointLookups.cjs');
const AZURITE = dirname(require.resolve('azurite/package.json'));

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

// dev/azuritePointLookups.cjs patches LokiJS inside Azurite's process. These fail when either
// package changes the shape the patch relies on, before a slow sync would show it.
describe('the Azurite internals dev/azuritePointLookups.cjs patches', () => {
  it("Azurite's table store indexes entity collections on PartitionKey, RowKey and finds entities by both, in that order", () => {
    const store = readFileSync(join(AZURITE, 'dist/src/table/persistence/LokiTableMetadataStore.js'), 'utf8');
    expect(store).toMatch(/addCollection\(tableCollectionName, \{[^}]*indices: \["PartitionKey", "RowKey"\]/);
    // insert, delete, point query, update, merge, and the batch upsert
    const lookups = store.match(/\.findOne\(\{\s*PartitionKey: [\w.]+,\s*RowKey: [\w.]+\s*\}\)/g) ?? [];
    expect(lookups).toHaveLength(6);
  });

  it("patches Azurite's own LokiJS: RowKey is the only index and point lookups still match both keys", () => {
    const probe = `
      const { dirname } = require('node:path');
      const Loki = require(require.resolve('lokijs', { paths: [dirname(require.resolve('azurite/package.json'))] }));
      const coll = new Loki('probe').addCollection('entities', { indices: ['PartitionKey', 'RowKey'] });
      coll.insert([{ PartitionKey: 'p1', RowKey: 'r', v: 1 }, { PartitionKey: 'p2', RowKey: 'r', v: 2 }]);
      const ranges = [];
      const calculateRange = Loki.Collection.prototype.calculateRange;
      coll.calculateRange = function (op, prop, val) { ranges.push(prop); return calculateRange.call(this, op, prop, val); };
      const found = coll.findOne({ PartitionKey: 'p2', RowKey: 'r' });
      const missing = coll.findOne({ PartitionKey: 'p3', RowKey: 'r' });
      process.stdout.write(JSON.stringify({ indices: Object.keys(coll.binaryIndices), found: found && found.v, missing, ranges }));
    `;
    const out = execFileSync(process.execPath, ['--require', PRELOAD, '-e', probe], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({
      indices: ['RowKey'],
      found: 2,
      missing: null,
      ranges: ['RowKey', 'RowKey'],
    });
  });
});
