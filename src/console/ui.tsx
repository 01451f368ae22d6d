import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';
import { SignInError } from './auth';
import { fixFor } from './fixes';

/** An error with its reason code and, where known, the fix. `role="alert"` so screen readers hear it. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const reason =
    error instanceof ApiError || error instanceof SignInError ? error.reason : 'unexpected_error';
  const message = error instanceof Error ? error.message : String(error);
  const fix = fixFor(reason);
  return (
    <div class="error" role="alert">
      <p>
        <code class="reason">{reason}</code> {message}
      </p>
      {fix && <p class="fix">Fix: {fix}</p>}
    </div>
  );
}

/** Loads data once per `key` change; `reload()` fetches again. */
export function useLoad<T>(load: () => Promise<T>, key: string) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const run = useCallback(() => {
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => setState({ data, loading: false }),
      (error: unknown) => setState({ error, loading: false }),
    );
  }, [key]);
  useEffect(run, [run]);
  return { ...state, reload: run };
}

/** Runs an action and keeps its error for display; `busy` while it runs. */
export function useAction() {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, done?: () => void) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      done?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run, clear: () => setError(undefined) };
}

export const Badge = ({
  tone,
  children,
}: {
  tone: 'warn' | 'ok' | 'info' | 'bad';
  children: ComponentChildren;
}) => <span class={`badge ${tone}`}>{children}</span>;

export const Loading = () => (
  <p class="muted" aria-live="polite">
    Loading…
  </p>
);

export const when = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');

export function Page({ title, children }: { title: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · entra-bridge console`;
    document.getElementById('main')?.focus();
  }, [title]);
  return (
    <>
      <h1>{title}</h1>
      {children}
    </>
  );
}
