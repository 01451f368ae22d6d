import { useState } from 'preact/hooks';
import { api, type DirectoryListing } from '../api';
import { Badge, ErrorBox, Loading, useLoad } from '../ui';

/**
 * Picks one Entra group from the synchronised directory by name or object ID. The choice is
 * always one object ID: a name shared by several groups is marked, and the operator picks
 * the one they mean by its ID.
 */
export function EntraGroupPicker({
  label,
  exclude,
  onPick,
  onCancel,
}: {
  label: string;
  exclude: string[];
  onPick: (id: string) => void;
  onCancel: () => void;
}) {
  const [query, setQuery] = useState('');
  const { data, error, loading } = useLoad(
    () => api<DirectoryListing>('GET', 'admin/directory/groups?limit=5000'),
    'picker',
  );
  const q = query.trim().toLowerCase();
  const matches = (data?.groups ?? [])
    .filter((g) => !exclude.includes(g.id))
    .filter((g) => q === '' || g.displayName.toLowerCase().includes(q) || g.id.includes(q))
    .slice(0, 50);
  return (
    <div
      class="picker"
      role="dialog"
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h3>{label}</h3>
      <label for="picker-search">Find an Entra group by name or object ID</label>
      <input
        id="picker-search"
        type="search"
        placeholder="Entra group name or object ID"
        value={query}
        onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
        autofocus
      />
      {loading && <Loading />}
      <ErrorBox error={error} />
      {data && !data.synced && (
        <p class="muted">The directory is not synchronised yet: run the sync first.</p>
      )}
      <ul class="options">
        {matches.map((g) => (
          <li key={g.id}>
            <button
              type="button"
              class="option"
              onClick={() => onPick(g.id)}
              aria-label={`Link ${g.displayName} ${g.id}`}
            >
              <strong>{g.displayName}</strong> <code>{g.id}</code>
              {g.ambiguous && <Badge tone="warn">name shared by several groups</Badge>}
              {g.platformGroups.length > 0 && (
                <span class="muted"> → {g.platformGroups.map((p) => p.name).join(', ')}</span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {data && matches.length === 0 && <p class="muted">No Entra group matches.</p>}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
