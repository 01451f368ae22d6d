import { GUID_PATTERN } from '../config/settingParsers';
import { InvalidRequestError } from '../errors';
import { isStorableKey } from '../storage/tableKeys';

/** Links one platform group or role may hold: a body of that many fits the admin API's 16 KiB limit. */
export const MAX_LINKS = 200;

/**
 * Refuses names that cannot be a platform group or role: empty, over 256 characters,
 * control characters, or ill-formed Unicode. `/ \ # ?` are allowed and encoded for keys.
 */
export function checkCatalogName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '' || name !== name.trim()) {
    throw new InvalidRequestError(
      'invalid_name',
      'A name must be a non-empty string without leading or trailing spaces.',
    );
  }
  if (name.length > 256 || /[\u0000-\u001f\u007f-\u009f]/.test(name) || !isStorableKey(name)) {
    throw new InvalidRequestError('invalid_name', 'A name must be at most 256 printable characters.');
  }
  // The admin API addresses names in a catch-all route: URL parsers drop "." and ".."
  // segments and hosts trim empty ones, so such names could be created but never reached.
  // Likewise "%2F" in a name: route values keep an encoded slash as "%2F", which the admin
  // API reads as "/", so a name containing the text "%2F" could never be addressed.
  if (/%2F/i.test(name)) {
    throw new InvalidRequestError('invalid_name', 'A name must not contain the text "%2F"; use "/".');
  }
  if (name.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new InvalidRequestError(
      'invalid_name',
      'A name must not start or end with "/", contain "//", or have "." or ".." between slashes.',
    );
  }
  return name;
}

/**
 * The links of a platform group or role: Entra group **object IDs** only (GUIDs), lower-cased,
 * each once, sorted. A display name is refused: names are chosen by whoever creates a group,
 * so they are resolved to one object ID when linking (the CLI and the console do) and never
 * stored as a link.
 */
export function checkEntraGroupIds(value: unknown): string[] {
  if (!Array.isArray(value)) {
    throw new InvalidRequestError(
      'invalid_entra_group_id',
      '"entraGroupIds" must be an array of Entra group object IDs (GUIDs).',
    );
  }
  if (value.length > MAX_LINKS) {
    throw new InvalidRequestError('invalid_entra_group_id', `At most ${MAX_LINKS} linked Entra groups.`);
  }
  for (const id of value) {
    if (typeof id !== 'string' || !GUID_PATTERN.test(id)) {
      const shown = typeof id === 'string' ? `"${id.slice(0, 80)}"` : typeof id;
      throw new InvalidRequestError(
        'invalid_entra_group_id',
        `${shown} is not an Entra group object ID (a GUID); link by name with \`entra-bridge groups link --entra-group <name>\`.`,
      );
    }
  }
  return [...new Set(value.map((id: string) => id.toLowerCase()))].sort();
}
