import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, auditAction, isAuditRowKey } from '../../../src/lib/audit/auditEntry';
import { userAuditEntry } from '../../../src/lib/audit/userAudit';
import { createTables } from '../../../src/lib/storage/tables';
import { newStoredUser, type StoredUser } from '../../../src/lib/users/storedUser';
import { createUserStore } from '../../../src/lib/users/userStore';

/**
 * A change and its audit entry are one entity-group transaction against real Table Storage
 * (Azurite): when storage refuses the entry, the change is not made either.
 */
const tables = createTables({
  connectionString: process.env.TEST_TABLES_CONNECTION,
  tableServiceUri: undefined,
  tablePrefix: `a${randomBytes(5).toString('hex')}`,
});
const users = createUserStore(tables.users);
const ctx = { actor: 'admin-1', correlationId: 'c-1' };

const user: StoredUser = newStoredUser(
  { tenantId: 'tenant-a', userId: 'u-1', oid: 'u-1', at: '2026-01-01T00:00:00.000Z' },
  { lastSeenAt: '' },
);

async function rows() {
  const client = await tables.users.ready();
  const all: Record<string, unknown>[] = [];
  for await (const e of client.listEntities()) all.push(e);
  return {
    users: all.filter((e) => !isAuditRowKey(e.rowKey)),
    audit: all.filter((e) => isAuditRowKey(e.rowKey)),
  };
}

describe('audited writes', () => {
  it('write the change and its entry together', async () => {
    expect(await users.create(user, userAuditEntry(ctx, 'user.provision', 'u-1', undefined, user))).toBe(
      'written',
    );
    const { users: stored, audit } = await rows();
    expect(stored).toHaveLength(1);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'admin-1', action: 'user.provision', targetId: 'u-1' });
  });

  it('leave neither when storage refuses the entry', async () => {
    const current = await users.get('tenant-a', 'u-1');
    if (!current) throw new Error('no user');
    const next = {
      ...current,
      disabled: true,
      disabledBy: 'admin' as const,
      disabledReason: 'admin_disabled' as const,
    };
    const entry: AuditEntry = { ...userAuditEntry(ctx, 'user.disable', 'u-1', current, next), id: 'fixed' };
    // The entry's row exists already: the service refuses its insert, and so the whole transaction.
    const client = await tables.users.ready();
    await client.createEntity(
      auditAction(current.tenantId, entry)[1] as { partitionKey: string; rowKey: string },
    );
    expect(await users.replace(next, entry)).toBe('conflict');
    expect((await users.get('tenant-a', 'u-1'))?.disabled).toBe(false);
    expect((await rows()).audit).toHaveLength(2); // the first entry and the planted row: nothing new
  });

  it('leave neither when the change is refused (stale ETag)', async () => {
    const current = await users.get('tenant-a', 'u-1');
    if (!current) throw new Error('no user');
    const stale = { ...current, etag: 'W/"datetime\'2000-01-01T00%3A00%3A00.0000000Z\'"', email: 'x@y' };
    expect(await users.replace(stale, userAuditEntry(ctx, 'user.update', 'u-1', current, stale))).toBe(
      'conflict',
    );
    expect((await rows()).audit).toHaveLength(2);
    expect((await users.get('tenant-a', 'u-1'))?.email).toBeNull();
  });
});
