/**
 * Table Storage forbids `/ \ # ?` and control characters (U+0000–U+001F, U+007F–U+009F)
 * in PartitionKey and RowKey, and limits each to 1 KiB
 * (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#characters-disallowed-in-key-fields).
 * We percent-encode those characters and `%` itself, so every string maps to exactly one
 * legal key and back.
 */
const FORBIDDEN_IN_KEY = /[%/\\#?\u0000-\u001f\u007f-\u009f]/g;

/** Largest key we produce; Table Storage allows 1 KiB (UTF-16), we keep margin for encoding. */
export const MAX_KEY_LENGTH = 512;

export function encodeKey(value: string): string {
  return value.replace(
    FORBIDDEN_IN_KEY,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

export function decodeKey(key: string): string {
  return key.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** True when `value` can be stored as a key once encoded (not empty, not too long, no lone surrogates). */
export function isStorableKey(value: string): boolean {
  return value.length > 0 && encodeKey(value).length <= MAX_KEY_LENGTH && value.isWellFormed();
}
