import { explainToken, type ExplainInput } from '../lib/explain/explainToken';
import { InvalidRequestError } from '../lib/errors';
import { authenticateAdmin } from './authenticate';
import { respond } from './errorResponse';
import type { BridgeHandler } from './handle';
import { readBodyText } from './readRequest';

const MAX_EXPLAIN_BODY_BYTES = 64 * 1024;
const USAGE = 'The body must be JSON: {"token": "<Entra access token>"} or {"claims": {…}}.';

/** `POST /api/admin/explain`: the full sign-in decision for a token or claims, writing nothing. */
export const explainHandler: BridgeHandler = async (bridge, request) => {
  await authenticateAdmin(bridge, request);
  const input = readExplainInput(await readBodyText(request, MAX_EXPLAIN_BODY_BYTES));
  return respond(200, await explainToken(bridge, input));
};

function readExplainInput(body: string): ExplainInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new InvalidRequestError('malformed_body', USAGE);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new InvalidRequestError('malformed_body', USAGE);
  const { token, claims } = parsed as { token?: unknown; claims?: unknown };
  if ((token === undefined) === (claims === undefined))
    throw new InvalidRequestError('malformed_body', USAGE);
  if (token !== undefined) {
    if (typeof token !== 'string' || token === '') throw new InvalidRequestError('malformed_body', USAGE);
    return { token };
  }
  if (!claims || typeof claims !== 'object' || Array.isArray(claims))
    throw new InvalidRequestError('malformed_body', USAGE);
  return { claims: claims as Record<string, unknown> };
}
