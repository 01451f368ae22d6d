import { reject } from './inspectToken';

/** Names of claims that must be strings when present. */
const STRING_CLAIMS = [
  'iss',
  'sub',
  'tid',
  'ver',
  'azp',
  'appid',
  'oid',
  'scp',
  'idtyp',
  'upn',
  'email',
] as const;
/** Names of claims that must be arrays of strings when present. */
const STRING_ARRAY_CLAIMS = ['roles', 'groups', 'amr', 'wids'] as const;

/**
 * Type checks of the claims the bridge reads, before any of them is used: a number where
 * a tenant ID is expected, or an object inside `roles`, is refused rather than coerced.
 */
export function checkClaimShapes(payload: Readonly<Record<string, unknown>>): void {
  for (const name of STRING_CLAIMS) {
    const value = payload[name];
    if (value !== undefined && typeof value !== 'string')
      reject('invalid_claim', `"${name}" must be a string.`);
  }
  for (const name of STRING_ARRAY_CLAIMS) {
    const value = payload[name];
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      reject('invalid_claim', `"${name}" must be an array of strings.`);
    }
  }
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    const value = payload[name];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
      reject('invalid_claim', `"${name}" must be a number of seconds.`);
    }
  }
  const aud = payload.aud;
  if (typeof aud !== 'string' && !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))) {
    reject('invalid_claim', '"aud" must be a string.');
  }
}

/** Audiences of Microsoft Graph (and the retired Azure AD Graph) in every cloud. */
const GRAPH_AUDIENCES = new Set([
  '00000003-0000-0000-c000-000000000000',
  '00000002-0000-0000-c000-000000000000',
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
  'https://graph.windows.net',
]);

/**
 * A token meant for Microsoft Graph is the commonest integration mistake. Its signature
 * can only be checked by Graph (the header's `nonce` is hashed before signing), so the
 * generic "bad signature" would mislead; say what it is instead.
 */
export function isGraphToken(
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
) {
  const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  return (
    'nonce' in header || auds.some((a) => typeof a === 'string' && GRAPH_AUDIENCES.has(a.replace(/\/+$/, '')))
  );
}
