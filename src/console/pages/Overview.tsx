import { api, type CatalogEntry } from '../api';
import { Badge, ErrorBox, Loading, Page, useAction, useLoad, when } from '../ui';

interface Health {
  status: string;
  checks: Record<string, { ok: boolean; unlinkedLookAlikes?: string[]; fix?: string }>;
}
interface DirectoryStatus {
  synced: boolean;
  groups: number;
  lastSuccessAt: string | null;
  running: boolean;
  schedule: string;
  nextRunAt: string | null;
  lastRun: {
    outcome?: string;
    error?: { code?: string; message?: string } | null;
    finishedAt?: string;
  } | null;
}

async function loadOverview() {
  const [health, directory, groups, roles, users] = await Promise.all([
    fetch('/api/health').then((r) => r.json() as Promise<Health>),
    api<DirectoryStatus>('GET', 'admin/directory'),
    api<{ groups: CatalogEntry[] }>('GET', 'admin/groups'),
    api<{ roles: CatalogEntry[] }>('GET', 'admin/roles'),
    api<{ users: unknown[]; continuationToken?: string }>('GET', 'admin/users?top=1000'),
  ]);
  const defaults = await api<{ defaults: { missing: string[] } }>('POST', 'admin/explain', {
    claims: { oid: '00000000-0000-0000-0000-000000000000' },
  }).catch(() => undefined);
  return { health, directory, groups: groups.groups, roles: roles.roles, users, defaults };
}

export function Overview() {
  const { data, error, loading, reload } = useLoad(loadOverview, 'overview');
  const sync = useAction();
  if (loading && !data) return <Loading />;
  if (!data) return <ErrorBox error={error} />;
  const { health, directory } = data;
  const warnings = [
    ...(directory.synced ? [] : ['The directory has not been synchronised yet: run the sync.']),
    ...(directory.lastRun?.error ? [`The last sync failed: ${directory.lastRun.error.message ?? ''}`] : []),
    ...(health.checks?.mapping?.unlinkedLookAlikes ?? []).map((entry) =>
      entry === 'OAUTH_ADMIN_ROLE_NAME'
        ? 'OAUTH_ADMIN_ROLE_NAME names an Entra group by its display name: set it to the group’s object ID.'
        : `The platform ${entry.replace(':', ' “')}” is named like an Entra group it is not linked to: it grants nothing until you link it.`,
    ),
    ...(data.defaults?.defaults.missing ?? []).map(
      (name) => `The default “${name}” names no platform group or role: nobody gets it.`,
    ),
    ...[...data.groups, ...data.roles].flatMap((e) =>
      (e.entraGroups ?? [])
        .filter((g) => g.deleted)
        .map((g) => `“${e.name}” links the deleted Entra group ${g.id}.`),
    ),
  ];
  return (
    <Page title="Overview">
      <section class="cards">
        <div class="card">
          <h2>Health</h2>
          <p>
            <Badge tone={health.status === 'ok' ? 'ok' : 'bad'}>{health.status}</Badge>
          </p>
          <ul class="plain">
            {Object.entries(health.checks ?? {}).map(([name, check]) => (
              <li key={name}>
                {check.ok ? '✓' : '✗'} {name}
              </li>
            ))}
          </ul>
        </div>
        <div class="card">
          <h2>Directory sync</h2>
          <p>
            <Badge tone={directory.synced ? 'ok' : 'warn'}>
              {directory.synced ? 'synced' : 'not synced'}
            </Badge>{' '}
            {directory.running && <Badge tone="info">running</Badge>}
          </p>
          <dl>
            <dt>Entra groups</dt>
            <dd>{directory.groups}</dd>
            <dt>Last success</dt>
            <dd>{when(directory.lastSuccessAt)}</dd>
            <dt>Schedule</dt>
            <dd>
              <code>{directory.schedule}</code>
            </dd>
          </dl>
          <button
            type="button"
            disabled={sync.busy}
            onClick={() => sync.run(() => api('POST', 'admin/directory/sync'), reload)}
          >
            {sync.busy ? 'Syncing…' : 'Run the sync now'}
          </button>
          <ErrorBox error={sync.error} />
        </div>
        <div class="card">
          <h2>Counts</h2>
          <dl>
            <dt>Platform groups</dt>
            <dd>{data.groups.length}</dd>
            <dt>Platform roles</dt>
            <dd>{data.roles.length}</dd>
            <dt>Users</dt>
            <dd>
              {data.users.users.length}
              {data.users.continuationToken ? '+' : ''}
            </dd>
          </dl>
        </div>
      </section>
      <h2>Warnings</h2>
      {warnings.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </Page>
  );
}
