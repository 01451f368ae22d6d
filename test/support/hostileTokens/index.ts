import type { LocalAuthority } from '../../../dev/authority';
import { callerClaimCases } from './callerClaims';
import { claimCases } from './claims';
import { encodingCases } from './encodings';
import { ATTACK_CLASSES, type HostileCase } from './hostileCase';
import { signingCases } from './signing';
import { tokenForge } from './tokenForge';

export type { AttackClass, HostileCase } from './hostileCase';
export { startTrap } from './trap';

const BY_CLASS = { ...signingCases, ...claimCases, ...encodingCases, ...callerClaimCases };

/**
 * Every token an attacker or a confused client could send, one table grouped by attack
 * class: RFC 8725's classes plus Entra-specific mistakes. A URL a token names points at the
 * trap, which must never be fetched. Getters, so the table can be declared before the
 * authority starts. Case names are unique: suites name their tests by them.
 */
export function hostileTokens(getAuthority: () => LocalAuthority, getTrapUrl: () => string): HostileCase[] {
  const forge = tokenForge(getAuthority, getTrapUrl);
  const cases = ATTACK_CLASSES.flatMap((attack) => {
    const build = BY_CLASS[attack];
    if (!build) throw new Error(`no hostile tokens for the attack class ${attack}`);
    return build(forge).map((c) => ({ attack, ...c }));
  });
  const names = cases.map((c) => c.name);
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) throw new Error(`hostile-token names used twice: ${repeated.join(', ')}`);
  return cases;
}

/** A case's test title: its attack class, then its name. */
export const caseTitle = (c: HostileCase) => `${c.attack}: ${c.name}`;
