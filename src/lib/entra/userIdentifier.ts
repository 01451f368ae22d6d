import { isStorableKey } from '../storage/tableKeys';
import { reject } from './inspectToken';

/** Claims whose values are e-mail-like names: one person, whatever case a token spells them in. */
const CASE_INSENSITIVE = new Set(['email', 'upn', 'preferred_username', 'unique_name']);
/** C0/C1 controls and the invisible characters a look-alike name hides behind (zero-width, bidi marks, BOM). */
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/;

/**
 * The user's ID as stored: the value of `OAUTH_USER_ID_CLAIM`. An object ID is kept as Entra
 * emits it. Any other claim is normalised so that one person is one user: Unicode NFC,
 * trimmed, and case-folded for e-mail-like claims (`email`, `upn`, `preferred_username`,
 * `unique_name`), whose case Entra does not keep stable; a value with control or
 * zero-width characters is refused (`invalid_claim`), since it could pose as another user.
 * The result must be storable as a Table key.
 */
export function normaliseUserId(claim: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 256) reject('missing_user_id');
  let id = value;
  if (claim !== 'oid') {
    if (!value.isWellFormed() || INVISIBLE.test(value)) {
      reject('invalid_claim', `"${claim}" has control or invisible characters and cannot name a user.`);
    }
    id = value.normalize('NFC').trim();
    if (CASE_INSENSITIVE.has(claim)) id = id.toLowerCase();
  }
  // The ID becomes the user's Table row key: ill-formed Unicode or a value too long once
  // encoded would fail inside the storage SDK (a 500 or a false 503) instead of being refused.
  if (!isStorableKey(id)) reject('invalid_claim', `"${claim}" cannot name a user.`);
  return id;
}
