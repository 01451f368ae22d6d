import { InvalidRequestError } from '../errors';
import type { GroupListFilter } from './describeDirectoryGroups';

export const MAX_GROUP_PAGE = 5000;

/** Reads `offset`, `limit` (default 1000, at most 5000), `mapped`, `search` and `name` from the query string. */
export function readGroupListQuery(get: (name: string) => string | null): GroupListFilter {
  const integer = (name: string, fallback: number, max: number) => {
    const raw = get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^\d{1,9}$/.test(raw) || Number(raw) > max) {
      throw new InvalidRequestError('invalid_query', `"${name}" must be a whole number from 0 to ${max}.`);
    }
    return Number(raw);
  };
  const mapped = get('mapped');
  if (mapped !== null && mapped !== 'true' && mapped !== 'false') {
    throw new InvalidRequestError('invalid_query', '"mapped" must be true or false.');
  }
  const text = (name: string) => {
    const raw = get(name);
    if (raw === null || raw === '') return undefined;
    if (raw.length > 256)
      throw new InvalidRequestError('invalid_query', `"${name}" must be at most 256 characters.`);
    return raw;
  };
  return {
    search: text('search'),
    name: text('name'),
    offset: integer('offset', 0, 1_000_000_000),
    limit: Math.max(integer('limit', 1000, MAX_GROUP_PAGE), 1),
    mapped: mapped === 'true',
  };
}
