import { useState } from 'preact/hooks';
import { ApiError, api, type CatalogEntry, seg } from '../api';
import { Badge, ErrorBox, Loading, Page, useAction, useLoad } from '../ui';
import { EntraGroupPicker } from './EntraGroupPicker';

type Kind = 'groups' | 'roles';

/** Platform groups or roles: create, rename, delete (with the in-use check), link and unlink Entra groups. */
export function Catalog({ kind }: { kind: Kind }) {
  const noun = kind === 'groups' ? 'group' : 'role';
  const { data, error, loading, reload } = useLoad(
    () => api<Record<Kind, CatalogEntry[]>>('GET', `admin/${kind}`).then((r) => r[kind]),
    kind,
  );
  const create = useAction();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const title = kind === 'groups' ? 'Groups' : 'Roles';
  return (
    <Page title={title}>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void create.run(
            () => api('PUT', `admin/${kind}/${seg(name.trim())}`, { description }),
            () => {
              setName('');
              setDescription('');
              reload();
            },
          );
        }}
      >
        <h2>New platform {noun}</h2>
        <label>
          Name{' '}
          <input
            name="name"
            required
            value={name}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Description{' '}
          <input value={description} onInput={(e) => setDescription((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" disabled={create.busy}>
          Create {noun}
        </button>
        <ErrorBox error={create.error} />
      </form>
      {loading && !data && <Loading />}
      <ErrorBox error={error} />
      {data && data.length === 0 && <p class="muted">No platform {kind} yet.</p>}
      {data && data.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">Platform {kind}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Linked Entra groups</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {data.map((entry) => (
                <Row key={entry.name} kind={kind} entry={entry} reload={reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

function Row({ kind, entry, reload }: { kind: Kind; entry: CatalogEntry; reload: () => void }) {
  const action = useAction();
  const [mode, setMode] = useState<'idle' | 'rename' | 'link' | 'force'>('idle');
  const [newName, setNewName] = useState(entry.name);
  const path = `admin/${kind}/${seg(entry.name)}`;
  const links = entry.entraGroupIds ?? [];
  const setLinks = (ids: string[]) => action.run(() => api('PATCH', path, { entraGroupIds: ids }), reload);
  const remove = (force: boolean) =>
    action.run(
      () =>
        api('DELETE', `${path}${force ? '?force=true' : ''}`).catch((err: unknown) => {
          if (err instanceof ApiError && err.reason === 'in_use') setMode('force');
          throw err;
        }),
      reload,
    );
  const shown = entry.entraGroups ?? links.map((id) => ({ id, displayName: null, deleted: false }));
  return (
    <tr>
      <th scope="row">
        {entry.name}
        {entry.description && <div class="muted">{entry.description}</div>}
      </th>
      <td>
        {shown.length === 0 && (
          <span class="muted">No links: only a claim value equal to the name selects it.</span>
        )}
        <ul class="plain">
          {shown.map((g) => (
            <li key={g.id}>
              {g.displayName ?? <em>unknown to the directory</em>} <code>{g.id}</code>{' '}
              {g.deleted && <Badge tone="bad">deleted in Entra</Badge>}{' '}
              <button
                type="button"
                class="link"
                aria-label={`Unlink ${g.displayName ?? g.id} from ${entry.name}`}
                onClick={() => setLinks(links.filter((id) => id !== g.id))}
              >
                Unlink
              </button>
            </li>
          ))}
        </ul>
        {mode === 'link' && (
          <EntraGroupPicker
            label={`Link an Entra group to ${entry.name}`}
            exclude={links}
            onCancel={() => setMode('idle')}
            onPick={(id) => {
              setMode('idle');
              void setLinks([...links, id]);
            }}
          />
        )}
      </td>
      <td class="actions">
        {mode === 'rename' ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void action.run(() => api('PATCH', path, { name: newName.trim() }), reload);
            }}
          >
            <label>
              New name{' '}
              <input value={newName} onInput={(e) => setNewName((e.target as HTMLInputElement).value)} />
            </label>
            <button type="submit">Save</button>{' '}
            <button type="button" onClick={() => setMode('idle')}>
              Cancel
            </button>
          </form>
        ) : (
          <>
            <button
              type="button"
              onClick={() => setMode('link')}
              aria-label={`Link an Entra group to ${entry.name}`}
            >
              Link Entra group
            </button>{' '}
            <button type="button" onClick={() => setMode('rename')} aria-label={`Rename ${entry.name}`}>
              Rename
            </button>{' '}
            <button type="button" onClick={() => remove(false)} aria-label={`Delete ${entry.name}`}>
              Delete
            </button>
            {mode === 'force' && (
              <button type="button" class="danger" onClick={() => remove(true)}>
                Delete anyway
              </button>
            )}
          </>
        )}
        <ErrorBox error={action.error} />
      </td>
    </tr>
  );
}
