import type { TokenCredential } from '@azure/core-auth';
import type { Client } from '@microsoft/microsoft-graph-client';
import { createGraphCredential } from './graphCredential';
import { GraphFailure, retryAfterSeconds, toGraphFailure } from './graphFailure';
import type { GraphSettings } from './graphSettings';

export interface GraphCallOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** The request and all its retries give up after this many milliseconds. */
  readonly budgetMs?: number;
}

/** The few Graph calls the bridge makes, with bounded retries and a request counter. */
export interface GraphApi {
  /** GET a path below `/v1.0` (e.g. `/groups/delta?…`) or an absolute `@odata.nextLink`/`deltaLink`. */
  get<T>(url: string, options?: GraphCallOptions): Promise<T>;
  post<T>(url: string, body: unknown, options?: GraphCallOptions): Promise<T>;
  /**
   * Application permissions (`roles`) of the bridge's Graph access token, or undefined when the
   * token cannot be read (then callers probe). Tokens are cached by `@azure/identity`.
   */
  permissions(): Promise<readonly string[] | undefined>;
  /** HTTP requests sent so far by this instance, retries included. */
  readonly requests: number;
}

export interface GraphApiOptions {
  readonly settings: GraphSettings;
  /** Default: {@link createGraphCredential} from the settings. */
  readonly credential?: () => Promise<TokenCredential>;
  /** Retries of one request after 429/503/504 (default 3; the SDK's RetryHandler does them). */
  readonly maxRetries?: number;
  /** Default budget of one call, retries included (default 60 s). */
  readonly budgetMs?: number;
}

interface Loaded {
  client: Client;
  credential: TokenCredential;
  retryOptions: (shouldRetry: (delay: number, attempt: number, response: Response) => boolean) => object;
}

/**
 * Microsoft Graph through `@microsoft/microsoft-graph-client` (`Client.initWithMiddleware`
 * with `TokenCredentialAuthenticationProvider`, scope `{GRAPH_BASE_URL}/.default`). The SDK
 * sends the bearer token only to Graph's own hosts and to `customHosts`, so the configured
 * host is listed there (sovereign clouds, the local directory).
 *
 * Throttling (https://learn.microsoft.com/graph/throttling): the SDK's RetryHandler honours
 * `Retry-After` on 429/503/504; we cap it with a `shouldRetry` that refuses a retry whose wait
 * would overrun the call's budget, so a call never takes longer than its budget. The SDK and
 * `@azure/identity` are loaded on first use (cold start). Failures become
 * {@link GraphFailure}.
 */
export function createGraphApi(options: GraphApiOptions): GraphApi {
  const { settings } = options;
  const maxRetries = options.maxRetries ?? 3;
  const defaultBudget = options.budgetMs ?? 60_000;
  let requests = 0;
  let loading: Promise<Loaded> | undefined;

  const load = async (): Promise<Loaded> => {
    const baseUrl = settings.baseUrl;
    if (!baseUrl) {
      throw new GraphFailure(
        'unavailable',
        -1,
        undefined,
        'GRAPH_BASE_URL is not set and cannot be derived.',
      );
    }
    const [sdk, auth] = await Promise.all([
      import('@microsoft/microsoft-graph-client'),
      import('@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js'),
    ]);
    const credential = await (options.credential ?? (() => createGraphCredential(settings)))();
    const authProvider = new auth.TokenCredentialAuthenticationProvider(credential, {
      scopes: [`${baseUrl}/.default`],
    });
    const client = sdk.Client.initWithMiddleware({
      authProvider,
      baseUrl: `${baseUrl}/`,
      defaultVersion: 'v1.0',
      customHosts: new Set([new URL(baseUrl).hostname]),
    });
    return {
      client,
      credential,
      retryOptions: (shouldRetry) =>
        new sdk.RetryHandlerOptions(1, maxRetries, (delay, attempt, _request, _options, response) =>
          shouldRetry(delay, attempt, response as Response),
        ),
    };
  };

  const loaded = async (): Promise<Loaded> => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    try {
      return await loading;
    } catch (err) {
      throw toGraphFailure(err);
    }
  };

  const send = async <T>(method: 'GET' | 'POST', url: string, body: unknown, call: GraphCallOptions = {}) => {
    const { client, retryOptions } = await loaded();
    const budget = Math.max(call.budgetMs ?? defaultBudget, 1);
    const deadline = Date.now() + budget;
    const retry = retryOptions((delay, attempt, response) => {
      // Without Retry-After the SDK backs off exponentially from `delay` seconds.
      const waitSeconds = retryAfterSeconds(response.headers) ?? delay * 2 ** attempt;
      const allowed = Date.now() + waitSeconds * 1000 < deadline;
      if (allowed) requests += 1;
      return allowed;
    });
    let request = client
      .api(url)
      .middlewareOptions([retry as never])
      .option('signal', AbortSignal.timeout(budget));
    if (call.headers) request = request.headers({ ...call.headers });
    requests += 1;
    try {
      return (method === 'GET' ? await request.get() : await request.post(body)) as T;
    } catch (err) {
      throw toGraphFailure(err);
    }
  };

  return {
    async permissions() {
      const { credential } = await loaded();
      let token: string | undefined;
      try {
        token = (await credential.getToken(`${settings.baseUrl}/.default`))?.token;
      } catch (err) {
        throw toGraphFailure(err);
      }
      try {
        const { decodeJwt } = await import('jose');
        const roles = token ? decodeJwt(token).roles : undefined;
        return Array.isArray(roles) ? roles.map(String) : undefined;
      } catch {
        return undefined; // not a JWT we can read: the caller probes instead
      }
    },
    get: (url, call) => send('GET', url, undefined, call),
    post: (url, body, call) => send('POST', url, body, call),
    get requests() {
      return requests;
    },
  };
}
