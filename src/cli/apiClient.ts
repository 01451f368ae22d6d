import { CliFailure } from './cliOutput';

/** Calls the bridge's HTTP API the way any client does. */
export interface ApiClient {
  readonly baseUrl: string;
  request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { body?: unknown; form?: Record<string, string>; token?: string },
  ): Promise<T>;
}

/**
 * The base URL of a bridge: `http://127.0.0.1:7071`, with or without the trailing `/api`
 * (routes are `/api/...`).
 */
export function platformBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliFailure(`--platform-api-url: not an absolute URL: ${JSON.stringify(raw)}`);
  }
  return url.href.replace(/\/+$/, '').replace(/\/api$/i, '');
}

/**
 * A platform group or role name as a path for the catch-all routes: `/` stays literal, every
 * segment is percent-encoded (`#`, `?`, `%`, `\`, quotes and non-ASCII travel safely).
 */
export function namePath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

/** A user ID as one path segment (`/` as `%2F`, which the admin API decodes). */
export function idSegment(id: string): string {
  return encodeURIComponent(id);
}

export function createApiClient(baseUrl: string, token?: string): ApiClient {
  return {
    baseUrl,
    async request<T>(
      method: string,
      path: string,
      options: { body?: unknown; form?: Record<string, string>; token?: string } = {},
    ) {
      const headers: Record<string, string> = { accept: 'application/json' };
      const bearer = options.token ?? token;
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      let body: string | undefined;
      if (options.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(options.form).toString();
      } else if (options.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.body);
      }
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          method,
          headers,
          body,
          signal: AbortSignal.timeout(60_000),
        });
      } catch (err) {
        const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
        throw new CliFailure(`Cannot reach ${baseUrl}${cause}. Is the bridge running? (--platform-api-url)`);
      }
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = text;
      }
      if (!response.ok) {
        const e = (parsed ?? {}) as { reason?: string; error?: string; error_description?: string };
        const reason = e.reason ?? e.error ?? 'error';
        throw new CliFailure(
          `${method} ${path} → HTTP ${response.status} ${reason}: ${e.error_description ?? text.slice(0, 200)}`,
          1,
          { status: response.status, ...(typeof parsed === 'object' ? parsed : { body: text }) },
        );
      }
      return parsed as T;
    },
  };
}
