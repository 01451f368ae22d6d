import { decodeKey, encodeKey } from '../storage/tableKeys';
import { checkCatalogName, checkEntraGroupIds } from './catalogInput';
import type { TransactionAction } from '@azure/data-tables';
import { type AuditEntry, auditAction } from '../audit/auditEntry';
import type { BridgeTable } from '../storage/tables';

export type CatalogKind = 'group' | 'role';

/** A platform group or role. */
export interface CatalogEntry {
  readonly kind: CatalogKind;
  readonly name: string;
  readonly description: string;
  /** Linked Entra group object IDs (lower-case, sorted). */
  readonly entraGroupIds: readonly string[];
  readonly createdAt: string;
}

/** What a create or update sets; an absent field keeps its value (or is empty on create). */
export interface CatalogChanges {
  readonly description?: string;
  readonly entraGroupIds?: readonly string[];
}

/**
 * Builds the audit entry of a catalog write from the entry before and after it (undefined for a
 * creation or deletion); the store writes it in the same transaction as the entry.
 */
export type CatalogAuditor = (
  before: CatalogEntry | undefined,
  after: CatalogEntry | undefined,
) => AuditEntry;

/** The Table entity of a catalog entry: partition = kind, row = encoded name, links as JSON. */
export function toCatalogEntity(kind: CatalogKind, name: string, changes: CatalogChanges, createdAt: string) {
  return {
    partitionKey: kind,
    rowKey: encodeKey(checkCatalogName(name)),
    name,
    description: changes.description ?? '',
    entraGroupIds: JSON.stringify(checkEntraGroupIds(changes.entraGroupIds ?? [])),
    createdAt,
  };
}

export function fromCatalogEntity(e: Record<string, unknown>): CatalogEntry {
  return {
    kind: e.partitionKey === 'role' ? 'role' : 'group',
    name: typeof e.name === 'string' ? e.name : decodeKey(String(e.rowKey)),
    description: typeof e.description === 'string' ? e.description : '',
    entraGroupIds: readIds(e.entraGroupIds),
    createdAt: typeof e.createdAt === 'string' ? e.createdAt : '',
  };
}

/** The changes an update applies: an absent field keeps its value. */
export function definedOnly(changes: CatalogChanges): CatalogChanges {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
}

/** Stored links as written by this store; anything else reads as no links rather than failing. */
function readIds(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** One write, or the write and its audit entry in one transaction (same table, same partition). */
export async function writeCatalogEntity(
  client: Awaited<ReturnType<BridgeTable['ready']>>,
  action: TransactionAction,
  entry: AuditEntry | undefined,
): Promise<void> {
  const entity = action[1] as { partitionKey: string; rowKey: string };
  if (entry) return void (await client.submitTransaction([action, auditAction(entity.partitionKey, entry)]));
  if (action[0] === 'create') return void (await client.createEntity(entity));
  if (action[0] === 'delete') return void (await client.deleteEntity(entity.partitionKey, entity.rowKey));
  await client.updateEntity(entity, 'Replace', (action as [string, unknown, string, { etag: string }])[3]);
}
