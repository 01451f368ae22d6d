import { useState } from 'preact/hooks';
import { type AdminUser, api, type Explanation, seg, type ValueDecision } from '../api';
import { href } from '../route';
import { Badge, ErrorBox, Loading, Page, useAction, useLoad, when } from '../ui';

/**
 * The mapping of the user's last sign-in, recomputed from the claim values stored with them:
 * explain is asked with those claims (a first call learns the configured claim names).
 */
async function explainStored(user: AdminUser): Promise<Explanation | undefined> {
  const probe = await api<Explanation>('POST', 'admin/explain', { claims: { oid: user.oid } });
  const claims: Record<string, unknown> = { oid: user.oid };
  claims[probe.claims.roles.claim] = user.claimValues.roles;
  claims[probe.claims.groups.claim] = [
    ...new Set([
      ...user.claimValues.groups,
      ...(probe.claims.groups.claim === probe.claims.roles.claim ? user.claimValues.roles : []),
    ]),
  ];
  return api<Explanation>('POST', 'admin/explain', { claims });
}

function source(name: string, manual: string[], decisions: ValueDecision[], defaults: string[]): string {
  if (manual.includes(name)) return 'manual';
  const matched = decisions.find((d) => d.outcome === 'matched' && d.target === name);
  if (matched)
    return `${matched.via === 'link' ? 'link' : (matched.via ?? 'name')} (claim value ${matched.value})`;
  if (defaults.includes(name)) return 'default';
  return 'claims';
}

function Assignments(props: {
  title: string;
  kind: 'groups' | 'roles';
  user: AdminUser;
  explanation: Explanation | undefined;
  reload: () => void;
}) {
  const { user, kind, explanation } = props;
  const names = kind === 'groups' ? user.groups : user.roles;
  const manual = kind === 'groups' ? user.manualGroups : user.manualRoles;
  const decisions = explanation?.[kind] ?? [];
  const defaults = explanation?.defaults[kind] ?? [];
  const action = useAction();
  const [adding, setAdding] = useState('');
  const path = `admin/users/${seg(user.id)}/${kind}`;
  return (
    <section>
      <h2>{props.title}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{kind === 'groups' ? 'Group' : 'Role'}</th>
              <th scope="col">Source</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{source(name, manual, decisions, defaults)}</td>
                <td>
                  {manual.includes(name) && (
                    <button
                      type="button"
                      onClick={() => action.run(() => api('DELETE', `${path}/${seg(name)}`), props.reload)}
                    >
                      Remove manual assignment
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {names.length === 0 && <p class="muted">None.</p>}
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(() => api('PUT', `${path}/${seg(adding.trim())}`), props.reload);
        }}
      >
        <label>
          Assign manually{' '}
          <input value={adding} onInput={(e) => setAdding((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Assign</button>
      </form>
      <ErrorBox error={action.error} />
      {decisions.some((d) => d.outcome === 'ignored') && (
        <>
          <h3>Claim values that gave no {kind === 'groups' ? 'group' : 'role'}</h3>
          <ul>
            {decisions
              .filter((d) => d.outcome === 'ignored')
              .map((d) => (
                <li key={d.value}>
                  <code>{d.value}</code> {d.displayName && <>({d.displayName}) </>}—{' '}
                  <code class="reason">{d.reason}</code> {d.detail}
                  {d.lookAlike && (
                    <Badge tone="warn">
                      look-alike of “{d.lookAlike}”: named like it, not linked, not granted
                    </Badge>
                  )}
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** One user: profile, assignments with their source, ignored values and why, disable/enable. */
export function UserDetail({ id }: { id: string }) {
  const { data, error, loading, reload } = useLoad(async () => {
    const user = await api<AdminUser>('GET', `admin/users/${seg(id)}`);
    const explanation = await explainStored(user).catch(() => undefined);
    return { user, explanation };
  }, id);
  const state = useAction();
  if (loading && !data) return <Loading />;
  if (!data) return <ErrorBox error={error} />;
  const { user, explanation } = data;
  return (
    <Page title={user.email ?? ([user.firstName, user.lastName].filter(Boolean).join(' ') || user.id)}>
      <p>
        <a href={href('users')}>← Users</a>
      </p>
      <dl>
        <dt>Name</dt>
        <dd>{[user.firstName, user.lastName].filter(Boolean).join(' ') || '—'}</dd>
        <dt>ID</dt>
        <dd>
          <code>{user.id}</code>
        </dd>
        <dt>Last sign-in</dt>
        <dd>{when(user.lastSeenAt)}</dd>
        <dt>Administrator</dt>
        <dd>
          {user.isAdmin ? `yes (${user.adminReason === 'claim' ? 'admin claim' : 'admin group'})` : 'no'}
        </dd>
        <dt>State</dt>
        <dd>
          {user.disabled ? <Badge tone="bad">disabled</Badge> : <Badge tone="ok">enabled</Badge>}{' '}
          {user.disabledReason && <code class="reason">{user.disabledReason}</code>}
        </dd>
      </dl>
      <button
        type="button"
        disabled={state.busy}
        onClick={() =>
          state.run(
            () => api('POST', `admin/users/${seg(user.id)}/${user.disabled ? 'enable' : 'disable'}`),
            reload,
          )
        }
      >
        {user.disabled ? 'Enable user' : 'Disable user'}
      </button>
      <ErrorBox error={state.error} />
      <Assignments title="Groups" kind="groups" user={user} explanation={explanation} reload={reload} />
      <Assignments title="Roles" kind="roles" user={user} explanation={explanation} reload={reload} />
    </Page>
  );
}
