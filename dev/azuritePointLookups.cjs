// Preloaded into the Azurite table process (`node --require`, see dev/azurite.ts). Plain JS: it
// runs inside Azurite's own process, from the sources as well as from dist/.
//
// Azurite keeps table entities in LokiJS collections indexed on PartitionKey and RowKey, and
// finds an entity with `findOne({ PartitionKey, RowKey })`. LokiJS uses a binary index for the
// first property of a query object only and scans the rest linearly (lokijs.js,
// Resultset.find), so every point read, insert, upsert and replace scans the whole partition:
// writing n entities into one partition costs O(n²) — 10,000 directory groups took 25 s,
// 50,000 did not finish in 15 minutes. Putting RowKey first makes the index lookup select the
// one row (the same reordering Azure/Azurite#2588 made for the blob and queue stores). The
// answer is the same: PartitionKey and RowKey together name at most one entity.
// Then no lookup uses the PartitionKey index, yet every insert into a partition kept it sorted
// with an array splice at the partition's start (lokijs.js, adaptiveBinaryIndexInsert), O(n)
// each; entity collections are therefore created with the RowKey index only. Queries are
// unaffected: Azurite filters them with `where`, which uses no index.
'use strict';
const { dirname } = require('node:path');

const azurite = dirname(require.resolve('azurite/package.json'));
const Loki = require(require.resolve('lokijs', { paths: [azurite] }));
const findOne = Loki.Collection.prototype.findOne;
const addCollection = Loki.prototype.addCollection;
// Refuse to start on a LokiJS of another shape rather than patch nothing: test/dev/azurite.test.ts
// also fails then, and when Azurite's store stops calling these the way this file expects.
if (typeof findOne !== 'function' || findOne.length !== 1) {
  throw new Error('azuritePointLookups: Loki.Collection.prototype.findOne(query) is not there any more');
}
if (typeof addCollection !== 'function' || addCollection.length !== 2) {
  throw new Error('azuritePointLookups: Loki.prototype.addCollection(name, options) is not there any more');
}

Loki.Collection.prototype.findOne = function findOneRowKeyFirst(query) {
  if (query && typeof query === 'object') {
    const keys = Object.keys(query);
    if (keys.length === 2 && keys[0] === 'PartitionKey' && keys[1] === 'RowKey') {
      return findOne.call(this, { RowKey: query.RowKey, PartitionKey: query.PartitionKey });
    }
  }
  return findOne.call(this, query);
};

Loki.prototype.addCollection = function addCollectionRowKeyIndex(name, options) {
  const indices = options?.indices;
  if (Array.isArray(indices) && indices.includes('PartitionKey') && indices.includes('RowKey')) {
    return addCollection.call(this, name, {
      ...options,
      indices: indices.filter((i) => i !== 'PartitionKey'),
    });
  }
  return addCollection.call(this, name, options);
};
