import type { CatalogAuditor, CatalogEntry, CatalogKind } from '../catalog/catalogStore';
import { type AuditContext, newAuditEntry } from './auditEntry';

const shown = (entry: CatalogEntry | undefined) =>
  entry ? { name: entry.name, description: entry.description, entraGroupIds: entry.entraGroupIds } : null;

/**
 * The auditor of one catalog write: `{kind}.create`, `.update`, `.delete` by what the write
 * turned out to be, or `action` when given (a rename's creation of the new name).
 */
export function catalogAuditor(
  context: AuditContext | undefined,
  kind: CatalogKind,
  now: () => number,
  action?: string,
): CatalogAuditor | undefined {
  if (!context) return undefined;
  return (before, after) =>
    newAuditEntry(
      context,
      action ?? `${kind}.${!before ? 'create' : !after ? 'delete' : 'update'}`,
      { type: kind, id: after?.name ?? before?.name ?? '' },
      shown(before),
      shown(after),
      now,
    );
}
