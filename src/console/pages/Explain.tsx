import { useState } from 'preact/hooks';
import { api, type Explanation, type ValueDecision } from '../api';
import { Badge, ErrorBox, Page, useAction } from '../ui';

function Decisions({ title, decisions }: { title: string; decisions: ValueDecision[] }) {
  return (
    <section>
      <h3>{title}</h3>
      {decisions.length === 0 && <p class="muted">No values.</p>}
      <ul>
        {decisions.map((d) => (
          <li key={d.value}>
            <code>{d.value}</code> {d.displayName && <>({d.displayName}) </>}
            {d.outcome === 'matched' ? (
              <>
                <Badge tone="ok">matched</Badge> → <strong>{d.target}</strong> via {d.via}
              </>
            ) : (
              <>
                <Badge tone="warn">ignored</Badge> <code class="reason">{d.reason}</code> {d.detail}
              </>
            )}
            {d.lookAlike && <Badge tone="warn">look-alike of “{d.lookAlike}”: not linked, not granted</Badge>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Paste an Entra token (or its claims as JSON) and see the bridge's decision; nothing is written. */
export function Explain() {
  const [input, setInput] = useState('');
  const [result, setResult] = useState<Explanation>();
  const action = useAction();
  const submit = () =>
    action.run(async () => {
      const text = input.trim();
      const body = text.startsWith('{') ? { claims: JSON.parse(text) as unknown } : { token: text };
      setResult(await api<Explanation>('POST', 'admin/explain', body));
    });
  return (
    <Page title="Explain">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label for="explain-input">Entra access token, or claims as JSON</label>
        <textarea
          id="explain-input"
          rows={6}
          value={input}
          onInput={(e) => setInput((e.target as HTMLTextAreaElement).value)}
        />
        <button type="submit" disabled={action.busy || input.trim() === ''}>
          Explain
        </button>
      </form>
      <ErrorBox error={action.error} />
      {result && (
        <section class="result" aria-live="polite">
          <h2>
            {result.outcome.wouldIssue ? (
              <Badge tone="ok">would issue a token</Badge>
            ) : (
              <Badge tone="bad">refused</Badge>
            )}{' '}
            {result.outcome.reason && <code class="reason">{result.outcome.reason}</code>}
          </h2>
          <p>{result.outcome.message}</p>
          {result.validation.performed && !result.validation.ok && (
            <p>
              Validation failed: <code class="reason">{result.validation.reason}</code>{' '}
              {result.validation.message}
            </p>
          )}
          <p>
            Administrator: {result.admin.isAdmin ? 'yes' : 'no'} — {result.admin.detail}
          </p>
          <Decisions title={`Groups (claim ${result.claims.groups.claim})`} decisions={result.groups} />
          <Decisions title={`Roles (claim ${result.claims.roles.claim})`} decisions={result.roles} />
          {result.defaults.missing.length > 0 && (
            <p>Missing defaults: {result.defaults.missing.join(', ')}</p>
          )}
        </section>
      )}
    </Page>
  );
}
