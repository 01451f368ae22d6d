import { useEffect, useState } from 'preact/hooks';
import {
  type ConsoleSettings,
  completeSignIn,
  currentUser,
  onSessionChange,
  rememberSettings,
  signIn,
  signOut,
} from './auth';
import { Audit } from './pages/Audit';
import { Catalog } from './pages/Catalog';
import { Directory } from './pages/Directory';
import { Explain } from './pages/Explain';
import { Overview } from './pages/Overview';
import { UserDetail } from './pages/UserDetail';
import { Users } from './pages/Users';
import { href, useRoute } from './route';
import { ErrorBox, Loading } from './ui';

const NAV: [string, string][] = [
  ['', 'Overview'],
  ['groups', 'Groups'],
  ['roles', 'Roles'],
  ['users', 'Users'],
  ['directory', 'Directory'],
  ['audit', 'Audit log'],
  ['explain', 'Explain'],
];

function Setup({ settings }: { settings: ConsoleSettings }) {
  return (
    <main id="main" class="narrow" tabIndex={-1}>
      <h1>Set up the console</h1>
      <p>The console signs administrators in with Microsoft Entra ID. It needs its own app registration:</p>
      <ol>
        <li>
          In Entra ID, register an application (single tenant) with the{' '}
          <strong>Single-page application</strong> platform and the redirect URI{' '}
          <code>{settings.redirectUri}</code>.
        </li>
        <li>
          Under <em>API permissions</em>, add the platform API's delegated permission{' '}
          <code>{settings.scope}</code> and grant admin consent.
        </li>
        <li>
          Set the app settings <code>BRIDGE_CONSOLE_CLIENT_ID</code> to its Application (client) ID and add
          the same ID to <code>OAUTH_CLIENT_APPLICATION_IDS</code>.
        </li>
      </ol>
      <ul class="warnings">
        {settings.problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </main>
  );
}

function SignIn({ settings, error }: { settings: ConsoleSettings; error: unknown }) {
  return (
    <main id="main" class="narrow" tabIndex={-1}>
      <h1>entra-bridge console</h1>
      <ErrorBox error={error} />
      {settings.problems.length > 0 && (
        <ul class="warnings">
          {settings.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <p>Sign in with your Microsoft Entra ID account. Only platform administrators can use the console.</p>
      <button type="button" class="primary" onClick={() => void signIn(settings)}>
        Sign in with Microsoft Entra ID
      </button>
    </main>
  );
}

/**
 * The exchange succeeded but the platform token carries no admin rights. The reason comes from
 * the bridge's own answer for this caller (`GET /api/me`, `isAdmin: false`): the admin API and
 * explain are for administrators only.
 */
function NotAdmin() {
  const me = currentUser();
  return (
    <main id="main" class="narrow" tabIndex={-1}>
      <h1>You are not an administrator</h1>
      <div class="error" role="alert">
        <p>
          <code class="reason">not_admin</code> You signed in as <strong>{me?.email ?? me?.id}</strong>, but
          the bridge gave your platform token no admin rights (<code>/api/me</code> answers{' '}
          <code>isAdmin: false</code>
          ).
        </p>
        <p class="fix">
          Fix: an administrator makes you one — your Entra token must carry the admin claim with the value{' '}
          <code>is_admin</code>, or the admin group's object ID in its groups claim.
        </p>
      </div>
      <p>
        Your platform groups: {me?.groups.join(', ') || 'none'}; roles: {me?.roles.join(', ') || 'none'}.
      </p>
      <button type="button" onClick={signOut}>
        Sign out
      </button>
    </main>
  );
}

function Shell() {
  const route = useRoute();
  const [page = '', id] = route;
  const me = currentUser();
  let content = <Overview />;
  if (page === 'groups') content = <Catalog key="groups" kind="groups" />;
  else if (page === 'roles') content = <Catalog key="roles" kind="roles" />;
  else if (page === 'users' && id) content = <UserDetail id={id} />;
  else if (page === 'users') content = <Users />;
  else if (page === 'directory') content = <Directory />;
  else if (page === 'audit') content = <Audit />;
  else if (page === 'explain') content = <Explain />;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <span class="brand">entra-bridge</span>
        <nav aria-label="Console">
          {NAV.map(([path, label]) => (
            <a
              key={path}
              href={href(...(path ? [path] : []))}
              aria-current={page === path ? 'page' : undefined}
            >
              {label}
            </a>
          ))}
        </nav>
        <span class="who">
          {me?.email ?? me?.id}{' '}
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        {content}
      </main>
    </>
  );
}

export function App() {
  const [settings, setSettings] = useState<ConsoleSettings>();
  const [error, setError] = useState<unknown>();
  const [ready, setReady] = useState(false);
  const [, setVersion] = useState(0);
  useEffect(() => onSessionChange(() => setVersion((v) => v + 1)), []);
  useEffect(() => {
    void (async () => {
      try {
        const s = (await (await fetch('/api/console/settings.json')).json()) as ConsoleSettings;
        // The redirect URI fixes the origin; sign-in state only survives on that one.
        if (s.configured && new URL(s.redirectUri).origin !== location.origin) {
          location.replace(`${s.redirectUri}${location.hash}`);
          return;
        }
        rememberSettings(s);
        setSettings(s);
        if (s.configured) await completeSignIn(s);
      } catch (err) {
        setError(err);
      }
      setReady(true);
    })();
  }, []);
  if (!ready || !settings) return error ? <ErrorBox error={error} /> : <Loading />;
  if (!settings.configured) return <Setup settings={settings} />;
  const me = currentUser();
  if (!me) return <SignIn settings={settings} error={error} />;
  if (!me.isAdmin) return <NotAdmin />;
  return <Shell />;
}
