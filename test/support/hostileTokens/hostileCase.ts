import type { TokenForge } from './tokenForge';

/**
 * The attack classes of the hostile-token table: RFC 8725's threats and practices, then
 * the mistakes particular to Entra (Graph tokens, caller policy, user identifiers).
 */
export const ATTACK_CLASSES = [
  'algorithm',
  'header injection',
  'key id',
  'signature',
  'issuer, tenant and version',
  'audience',
  'graph token',
  'lifetime',
  'claim type',
  'malformed encoding',
  'nested or encrypted',
  'size',
  'caller policy',
  'user id',
] as const;
export type AttackClass = (typeof ATTACK_CLASSES)[number];

/** One hostile or malformed subject token and the reason the bridge must give. */
export interface HostileCase {
  readonly attack: AttackClass;
  readonly name: string;
  readonly reason: string;
  readonly token: () => Promise<string>;
}

/** The cases of some attack classes, built with one forge. */
export type ClassCases = Partial<Record<AttackClass, (f: TokenForge) => Omit<HostileCase, 'attack'>[]>>;
