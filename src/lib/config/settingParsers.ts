import type { TokenVersion } from './bridgeConfig';
/**
 * Parsers for the textual forms app settings take: lists are a
 * JSON array or a comma-separated string, booleans are `true/false` in any case, URLs
 * must be https unless they point at this machine. Each returns a value or a message
 * that names the expected form; `loadConfig` adds the setting's name.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(expected: string): Parsed<T> => ({ ok: false, expected });

/** Plain ASCII GUID. Unicode look-alikes (fullwidth digits, Cyrillic letters) are refused by construction. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `OAUTH_GROUP_MEMBERSHIP_CLAIMS`: the values of the app manifest's `groupMembershipClaims` that emit groups. */
export function parseMembershipClaims(raw: string): Parsed<'SecurityGroup' | 'All' | 'ApplicationGroup'> {
  const value = (['SecurityGroup', 'All', 'ApplicationGroup'] as const).find(
    (v) => v.toLowerCase() === raw.trim().toLowerCase(),
  );
  return value ? ok(value) : fail('SecurityGroup, All or ApplicationGroup');
}

export function parseBoolean(raw: string): Parsed<boolean> {
  const value = raw.trim().toLowerCase();
  if (value === 'true') return ok(true);
  if (value === 'false') return ok(false);
  return fail('true or false');
}

export function parseList(raw: string): Parsed<string[]> {
  const text = raw.trim();
  if (text === '') return ok([]);
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail('a JSON array of strings or a comma-separated list');
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
      return fail('a JSON array of strings or a comma-separated list');
    }
    return ok(parsed.map((item) => item.trim()).filter((item) => item !== ''));
  }
  return ok(
    text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );
}

export function parseGuid(raw: string): Parsed<string> {
  const value = raw.trim();
  return GUID_PATTERN.test(value)
    ? ok(value.toLowerCase())
    : fail('a GUID such as 6e74172b-be56-4843-9ff4-e66a39bb12e3');
}

export function parseGuidList(raw: string): Parsed<string[]> {
  const list = parseList(raw);
  if (!list.ok) return list;
  const bad = list.value.filter((item) => !GUID_PATTERN.test(item));
  if (bad.length > 0)
    return fail(`a list of GUIDs (not a GUID: ${bad.map((b) => JSON.stringify(b)).join(', ')})`);
  return ok(list.value.map((item) => item.toLowerCase()));
}

export function parseInteger(raw: string, min: number, max: number): Parsed<number> {
  const value = raw.trim();
  if (!/^\d+$/.test(value)) return fail(`a whole number from ${min} to ${max}`);
  const n = Number(value);
  return n >= min && n <= max ? ok(n) : fail(`a whole number from ${min} to ${max}`);
}

/** True for hosts that can only be this machine: `localhost`, 127.0.0.0/8 and `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * An absolute http(s) base URL without query or fragment, returned without a trailing
 * slash. Plain `http` is accepted for loopback hosts only: tokens and keys must never
 * travel in clear text across a network.
 */
export function parseBaseUrl(raw: string): Parsed<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail('an absolute URL such as https://login.microsoftonline.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail('an https:// URL');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return fail('an https:// URL (plain http is accepted for loopback hosts only)');
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    return fail('a base URL without query, fragment or credentials');
  }
  return ok(url.href.replace(/\/+$/, ''));
}

const NCRONTAB_6_FIELDS = /^\S+( \S+){5}$/;
const TABLE_PREFIX = /^[A-Za-z][A-Za-z0-9]{0,29}$/;

export function applicationIdUriParser(raw: string): Parsed<string> {
  const value = raw.trim();
  return /^(api|https?):\/\/\S+$/.test(value) && !/[\s"]/.test(value)
    ? { ok: true, value }
    : { ok: false, expected: 'an Application ID URI such as api://contoso.com/platform' };
}

export function parseVersions(raw: string): Parsed<TokenVersion[]> {
  const list = parseList(raw);
  if (!list.ok) return list;
  const valid = list.value.length > 0 && list.value.every((v) => v === '1.0' || v === '2.0');
  return valid
    ? { ok: true, value: list.value as TokenVersion[] }
    : { ok: false, expected: '1.0, 2.0 or both' };
}

export function parseSchedule(raw: string): Parsed<string> {
  const value = raw.trim().replace(/\s+/g, ' ');
  return NCRONTAB_6_FIELDS.test(value)
    ? { ok: true, value }
    : { ok: false, expected: 'an NCRONTAB expression with 6 fields, e.g. 0 */15 * * * *' };
}

export function parseTablePrefix(raw: string): Parsed<string> {
  const value = raw.trim();
  return TABLE_PREFIX.test(value)
    ? { ok: true, value }
    : { ok: false, expected: 'letters and digits, starting with a letter' };
}
