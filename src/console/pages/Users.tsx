import { useState } from 'preact/hooks';
import { type AdminUser, api } from '../api';
import { href } from '../route';
import { Badge, ErrorBox, Loading, Page, useLoad, when } from '../ui';

interface Filters {
  group: string;
  role: string;
  admin: string;
  disabled: string;
}

const query = (f: Filters, token?: string): string => {
  const q = new URLSearchParams({ top: '200' });
  if (f.group) q.set('group', f.group);
  if (f.role) q.set('role', f.role);
  if (f.admin) q.set('admin', f.admin);
  if (f.disabled) q.set('disabled', f.disabled);
  if (token) q.set('continuationToken', token);
  return q.toString();
};

const displayName = (u: AdminUser): string =>
  [u.firstName, u.lastName].filter(Boolean).join(' ') || u.email || u.id;

/** Users: search and filter; each row leads to the user's assignments and why. */
export function Users() {
  const [filters, setFilters] = useState<Filters>({ group: '', role: '', admin: '', disabled: '' });
  const [search, setSearch] = useState('');
  const [more, setMore] = useState<AdminUser[]>([]);
  const [token, setToken] = useState<string | undefined>();
  const key = JSON.stringify(filters);
  const { data, error, loading } = useLoad(async () => {
    const [page, groups, roles] = await Promise.all([
      api<{ users: AdminUser[]; continuationToken?: string }>('GET', `admin/users?${query(filters)}`),
      api<{ groups: { name: string }[] }>('GET', 'admin/groups'),
      api<{ roles: { name: string }[] }>('GET', 'admin/roles'),
    ]);
    setMore([]);
    setToken(page.continuationToken);
    return { users: page.users, groups: groups.groups, roles: roles.roles };
  }, key);
  const loadMore = async () => {
    const page = await api<{ users: AdminUser[]; continuationToken?: string }>(
      'GET',
      `admin/users?${query(filters, token)}`,
    );
    setMore((m) => [...m, ...page.users]);
    setToken(page.continuationToken);
  };
  const set = (name: keyof Filters) => (e: Event) =>
    setFilters({ ...filters, [name]: (e.target as HTMLSelectElement).value });
  const s = search.trim().toLowerCase();
  const users = [...(data?.users ?? []), ...more].filter(
    (u) => s === '' || [u.id, u.email ?? '', displayName(u)].some((v) => v.toLowerCase().includes(s)),
  );
  return (
    <Page title="Users">
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search{' '}
          <input
            type="search"
            value={search}
            onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Group{' '}
          <select value={filters.group} onChange={set('group')}>
            <option value="">any</option>
            {data?.groups.map((g) => (
              <option key={g.name}>{g.name}</option>
            ))}
          </select>
        </label>
        <label>
          Role{' '}
          <select value={filters.role} onChange={set('role')}>
            <option value="">any</option>
            {data?.roles.map((r) => (
              <option key={r.name}>{r.name}</option>
            ))}
          </select>
        </label>
        <label>
          Administrator{' '}
          <select value={filters.admin} onChange={set('admin')}>
            <option value="">any</option>
            <option value="true">yes</option>
            <option value="false">no</option>
          </select>
        </label>
        <label>
          Disabled{' '}
          <select value={filters.disabled} onChange={set('disabled')}>
            <option value="">any</option>
            <option value="true">yes</option>
            <option value="false">no</option>
          </select>
        </label>
      </form>
      {loading && !data && <Loading />}
      <ErrorBox error={error} />
      {data && (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">Users</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Groups</th>
                <th scope="col">Roles</th>
                <th scope="col">State</th>
                <th scope="col">Last sign-in</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    <a href={href('users', u.id)}>{displayName(u)}</a>
                    <div class="muted">{u.email ?? u.id}</div>
                  </th>
                  <td>{u.groups.join(', ') || '—'}</td>
                  <td>{u.roles.join(', ') || '—'}</td>
                  <td>
                    {u.isAdmin && <Badge tone="info">admin</Badge>}{' '}
                    {u.disabled && <Badge tone="bad">disabled</Badge>}
                    {u.kind === 'service' && <Badge tone="info">service</Badge>}
                  </td>
                  <td>{when(u.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && users.length === 0 && <p class="muted">No user matches.</p>}
      {token && (
        <button type="button" onClick={() => void loadMore()}>
          Load more
        </button>
      )}
    </Page>
  );
}
