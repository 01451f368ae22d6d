import { useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { ErrorBox, Loading, Page, useLoad, when } from '../ui';

interface AuditEntry {
  at?: string;
  time?: string;
  actor?: string;
  action?: string;
  target?: string;
  before?: unknown;
  after?: unknown;
}

/** `GET /api/admin/audit`, when this deployment has it; otherwise says so. */
export function Audit() {
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [filters, setFilters] = useState({ actor: '', action: '' });
  const { data, error, loading } = useLoad(async () => {
    const q = new URLSearchParams({ top: '100' });
    if (filters.actor) q.set('actor', filters.actor);
    if (filters.action) q.set('action', filters.action);
    return api<Record<string, unknown>>('GET', `admin/audit?${q}`);
  }, JSON.stringify(filters));
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Page title="Audit log">
        <p class="notice" role="status">
          The audit log is not available on this deployment (<code>GET /api/admin/audit</code> does not
          answer). Update the bridge to a version that records it.
        </p>
      </Page>
    );
  }
  // The list is the answer's array member (`entries`, `items`, …): read it by shape.
  const entries = (Object.values(data ?? {}).find(Array.isArray) as AuditEntry[] | undefined) ?? [];
  return (
    <Page title="Audit log">
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ actor, action });
        }}
      >
        <label>
          Actor <input value={actor} onInput={(e) => setActor((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Action <input value={action} onInput={(e) => setAction((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Filter</button>
      </form>
      {loading && !data && <Loading />}
      <ErrorBox error={error} />
      {data && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Before → after</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={i}>
                  <td>{when(e.at ?? e.time)}</td>
                  <td>{e.actor ?? '—'}</td>
                  <td>
                    {e.action} {e.target && <code>{e.target}</code>}
                  </td>
                  <td>
                    <code class="json">{JSON.stringify(e.before ?? null)}</code> →{' '}
                    <code class="json">{JSON.stringify(e.after ?? null)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && entries.length === 0 && <p class="muted">No entries.</p>}
    </Page>
  );
}
