import { describe, expect, it } from 'vitest';
import { leaverDecision } from '../../../src/lib/directory/planLeavers';
import type { UserDeltaItem } from '../../../src/lib/directory/fetchUserDelta';
import { newStoredUser, type StoredUser } from '../../../src/lib/users/storedUser';

const user = (oid: string, extra: Partial<StoredUser> = {}): StoredUser =>
  newStoredUser({ tenantId: 't', userId: oid, oid, at: '2026-01-01T00:00:00.000Z' }, extra);
const items = (...list: UserDeltaItem[]) => new Map(list.map((i) => [i.id, i]));
const AT = '2026-06-01T00:00:00.000Z';

describe('leaverDecision', () => {
  const round = {
    mode: 'incremental' as const,
    items: items(
      { id: 'a', removed: false, accountEnabled: false },
      { id: 'b', removed: true, reason: 'changed' },
      { id: 'c', removed: false, accountEnabled: true },
    ),
  };
  const decide = leaverDecision(round, AT, AT);

  it('disables users whose account is disabled or deleted, with the reason', () => {
    expect(decide(user('a'))).toMatchObject({
      disabled: true,
      disabledBy: 'directory-sync',
      disabledReason: 'entra_account_disabled',
      updatedAt: AT,
    });
    expect(decide(user('B'))).toMatchObject({ disabled: true, disabledReason: 'entra_account_deleted' });
  });

  it('enables again only users the sync disabled; never touches an administrator’s choice', () => {
    const bySync = user('c', {
      disabled: true,
      disabledBy: 'directory-sync',
      disabledReason: 'entra_account_disabled',
    });
    expect(decide(bySync)).toMatchObject({ disabled: false, disabledBy: null, disabledReason: null });
    const byAdmin = {
      disabled: true,
      disabledBy: 'admin' as const,
      disabledReason: 'admin_disabled' as const,
    };
    expect(decide(user('c', byAdmin))).toBeUndefined();
    expect(decide(user('a', byAdmin))).toBeUndefined();
    expect(decide(user('c'))).toBeUndefined();
  });

  it('writes nothing for unchanged or unknown users and for service principals', () => {
    const already = user('a', {
      disabled: true,
      disabledBy: 'directory-sync',
      disabledReason: 'entra_account_disabled',
    });
    expect(decide(already)).toBeUndefined();
    expect(decide(user('zzz'))).toBeUndefined();
    expect(decide(user('a', { kind: 'service' }))).toBeUndefined();
    expect(decide(user('a', { oid: '' }))).toBeUndefined();
  });

  it('in a full round, a stored user missing from it is deleted unless stored after the round started', () => {
    const full = leaverDecision(
      { mode: 'full', items: items({ id: 'c', removed: false, accountEnabled: true }) },
      AT,
      AT,
    );
    expect(full(user('gone'))).toMatchObject({ disabledReason: 'entra_account_deleted' });
    expect(full(user('new', { createdAt: '2026-06-01T00:00:01.000Z' }))).toBeUndefined();
    expect(full(user('c'))).toBeUndefined();
  });
});
