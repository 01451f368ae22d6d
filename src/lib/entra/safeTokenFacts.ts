import { GUID_PATTERN } from '../config/settingParsers';

const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Facts about a (possibly hostile) token that are safe to log: GUID-shaped tenant and
 * client IDs, a plain key ID and the version. Nothing else from the token, and never the
 * token itself, reaches a log line; values that do not have the expected shape are
 * dropped, so a token cannot inject text into logs.
 */
export function safeTokenFacts(token: unknown): Record<string, string> {
  const facts: Record<string, string> = {};
  if (typeof token !== 'string' || token.length > 20_000) return facts;
  const [headerPart, payloadPart] = token.split('.');
  const decode = (part: string | undefined): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const header = decode(headerPart);
  const payload = decode(payloadPart);
  const keep = (name: string, value: unknown, pattern: RegExp) => {
    if (typeof value === 'string' && pattern.test(value)) facts[name] = value;
  };
  keep('tid', payload.tid, GUID_PATTERN);
  keep('azp', payload.azp ?? payload.appid, GUID_PATTERN);
  keep('oid', payload.oid, GUID_PATTERN);
  keep('kid', header.kid, KID_PATTERN);
  keep('ver', payload.ver, /^[12]\.0$/);
  return facts;
}
