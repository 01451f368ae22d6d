import { useState } from 'preact/hooks';
import { api, type DirectoryListing } from '../api';
import { Badge, ErrorBox, Loading, Page, useLoad } from '../ui';

const selected = (entries: { name: string; via: string }[]): string =>
  entries.map((e) => `${e.name} (${e.via})`).join(', ') || '—';

/** The synchronised Entra groups: search by name or object ID, see what each maps to. */
export function Directory() {
  const [search, setSearch] = useState('');
  const { data, error, loading } = useLoad(
    () => api<DirectoryListing>('GET', 'admin/directory/groups?limit=5000'),
    'directory',
  );
  const q = search.trim().toLowerCase();
  const groups = (data?.groups ?? []).filter(
    (g) => q === '' || g.displayName.toLowerCase().includes(q) || g.id.includes(q),
  );
  return (
    <Page title="Directory">
      <label>
        Search Entra groups{' '}
        <input
          type="search"
          placeholder="name or object ID"
          value={search}
          onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
        />
      </label>
      {loading && !data && <Loading />}
      <ErrorBox error={error} />
      {data && !data.synced && <p class="muted">Not synchronised yet.</p>}
      {data && (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">Entra groups</caption>
            <thead>
              <tr>
                <th scope="col">Entra group</th>
                <th scope="col">Platform group</th>
                <th scope="col">Platform role</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.id}>
                  <th scope="row">
                    {g.displayName}
                    <div>
                      <code>{g.id}</code>
                    </div>
                    {g.onPremisesSamAccountName && (
                      <div class="muted">on-premises: {g.onPremisesSamAccountName}</div>
                    )}
                  </th>
                  <td>{selected(g.platformGroups)}</td>
                  <td>{selected(g.platformRoles)}</td>
                  <td>
                    {g.admin && <Badge tone="info">administrators</Badge>}{' '}
                    {g.ambiguous && <Badge tone="warn">name shared by several groups</Badge>}{' '}
                    {g.lookAlikes.length > 0 && (
                      <Badge tone="warn">
                        named like {g.lookAlikes.join(', ')} but not linked: grants nothing
                      </Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
