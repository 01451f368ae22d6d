/** A platform group or role as the mapping sees it: its name and the Entra groups linked to it. */
export interface LinkedName {
  readonly name: string;
  /** Entra group object IDs (lower-case GUIDs) an administrator linked to this entry. */
  readonly entraGroupIds: readonly string[];
}

/** The platform's own groups and roles (Table Storage) with their links. */
export interface PlatformCatalog {
  readonly groups: readonly LinkedName[];
  readonly roles: readonly LinkedName[];
}

/** A catalog entry without links (names only): tests and callers that map by name. */
export const unlinked = (name: string): LinkedName => ({ name, entraGroupIds: [] });

/** The names of a catalog list, in order. */
export const namesOf = (entries: readonly LinkedName[]): string[] => entries.map((e) => e.name);
