import { GUID_PATTERN } from '../config/settingParsers';
import { type NameMatcher, NameIndex } from './nameMatcher';
import type { LinkedName } from './platformCatalog';

/**
 * Everything one claim value can select among platform groups (or roles): the entries'
 * names under the matching rule, and their links by Entra group object ID. Built once per
 * catalog snapshot and kind.
 */
export class ClaimIndex {
  readonly names: NameIndex;
  readonly #byLink = new Map<string, string[]>();

  constructor(entries: readonly LinkedName[], matcher: NameMatcher) {
    this.names = new NameIndex(
      entries.map((e) => e.name),
      matcher,
    );
    for (const entry of entries) {
      for (const id of entry.entraGroupIds) {
        const key = id.toLowerCase();
        const list = this.#byLink.get(key);
        if (list) list.push(entry.name);
        else this.#byLink.set(key, [entry.name]);
      }
    }
  }

  /** Platform names linked to this Entra group object ID (none for anything but a GUID). */
  linked(value: string): readonly string[] {
    return GUID_PATTERN.test(value) ? (this.#byLink.get(value.toLowerCase()) ?? []) : [];
  }
}
