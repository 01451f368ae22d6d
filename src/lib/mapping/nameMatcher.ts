/** How claim values are compared with platform group and role names. */
export interface NameMatcher {
  readonly caseSensitive: boolean;
  /** The comparison key of a name under the current rule. */
  key(name: string): string;
}

/**
 * Exact, case-sensitive matching by default (`EXTERNAL_AUTH_CASE_SENSITIVE_MATCHING=true`);
 * case-insensitive matching folds with `toLowerCase()` after Unicode NFC normalisation so
 * that composed and decomposed forms of the same name compare equal.
 */
export function createNameMatcher(caseSensitive: boolean): NameMatcher {
  return {
    caseSensitive,
    key: caseSensitive ? (name) => name.normalize('NFC') : (name) => name.normalize('NFC').toLowerCase(),
  };
}

/** Index of names by comparison key; several names can share a key when matching ignores case. */
export class NameIndex {
  readonly #byKey = new Map<string, string[]>();
  readonly #byFolded = new Map<string, string[]>();

  constructor(
    names: Iterable<string>,
    readonly matcher: NameMatcher,
  ) {
    for (const name of names) {
      push(this.#byKey, matcher.key(name), name);
      push(this.#byFolded, name.normalize('NFC').toLowerCase(), name);
    }
  }

  /** The platform name a value selects, if exactly one does. */
  find(value: string): string | undefined {
    const hits = this.#byKey.get(this.matcher.key(value));
    return hits?.length === 1 ? hits[0] : undefined;
  }

  /** Names that equal `value` except for case (for "differs only by case" explanations). */
  caseVariants(value: string): readonly string[] {
    return this.#byFolded.get(value.normalize('NFC').toLowerCase()) ?? [];
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
