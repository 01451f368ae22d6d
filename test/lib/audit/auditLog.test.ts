import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditAction, newAuditEntry } from '../../../src/lib/audit/auditEntry';
import { listAudit, purgeAudit } from '../../../src/lib/audit/auditLog';
import { createTables } from '../../../src/lib/storage/tables';

const tables = createTables({
  connectionString: process.env.TEST_TABLES_CONNECTION,
  tableServiceUri: undefined,
  tablePrefix: `p${randomBytes(5).toString('hex')}`,
});
const ctx = { actor: 'a', correlationId: 'c' };

describe('audit retention', () => {
  it('removes entries older than the cutoff from every partition and keeps the rest', async () => {
    const users = await tables.users.ready();
    const catalog = await tables.catalog.ready();
    const at = (iso: string) => () => Date.parse(iso);
    for (const [client, partition, time] of [
      [users, 'tenant', '2024-01-01T00:00:00.000Z'],
      [users, 'tenant', '2026-01-01T00:00:00.000Z'],
      [catalog, 'group', '2024-06-01T00:00:00.000Z'],
      [catalog, 'role', '2026-02-01T00:00:00.000Z'],
    ] as const) {
      const entry = newAuditEntry(ctx, 'x.update', { type: 'user', id: 'u' }, null, null, at(time));
      await client.createEntity(auditAction(partition, entry)[1] as { partitionKey: string; rowKey: string });
    }
    await users.createEntity({ partitionKey: 'tenant', rowKey: 'a-user' });
    expect(await purgeAudit(tables, 'tenant', '2025-01-01T00:00:00.000Z')).toBe(2);
    const left = await listAudit(tables, 'tenant', { top: 100 });
    expect(left.entries.map((e) => e.time)).toEqual(['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    expect((await users.getEntity('tenant', 'a-user')).rowKey).toBe('a-user');
  });
});
