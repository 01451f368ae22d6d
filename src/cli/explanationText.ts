import type { Explanation } from '../lib/explain/explanation';
import type { ValueDecision } from '../lib/mapping/matchClaimValue';

/** An explanation as readable lines: what matched, what was ignored and why, admin, defaults. */
export function explanationLines(e: Explanation): string[] {
  const lines: string[] = [];
  if (!e.validation.performed) lines.push(`Validation: skipped (${e.validation.note ?? 'claims given'})`);
  else if (e.validation.ok)
    lines.push(`Validation: passed (${e.validation.steps.map((s) => s.step).join(', ')})`);
  else {
    const failed = e.validation.steps.find((s) => !s.ok);
    lines.push(
      `Validation: FAILED at ${failed?.step ?? '?'}: ${e.validation.reason} — ${e.validation.message}`,
    );
    if (e.validation.note) lines.push(`  (${e.validation.note})`);
  }
  const src = (v: { value: string | null; claim: string | null }) =>
    v.value === null ? '(none)' : `${v.value}  [from "${v.claim}"]`;
  lines.push(`User id:    ${src(e.user.id)}`);
  lines.push(`E-mail:     ${src(e.user.email)}`);
  lines.push(`First name: ${src(e.user.firstName)}`);
  lines.push(`Last name:  ${src(e.user.lastName)}`);
  if (e.overage) lines.push(`Group overage: ${e.overage.note} Resolved values: ${e.overage.resolvedValues}.`);
  lines.push(
    `Directory: ${e.directory.synced ? `synchronised (${e.directory.groups} groups)` : 'not synchronised yet'}`,
  );
  const block = (title: string, claim: string, decisions: readonly ValueDecision[]) => {
    lines.push(`${title} (claim "${claim}"):${decisions.length === 0 ? ' no values' : ''}`);
    for (const d of decisions) lines.push(`  ${decisionLine(d)}`);
  };
  block('Groups', e.claims.groups.claim, e.groups);
  block('Roles', e.claims.roles.claim, e.roles);
  if (e.defaults.groups.length + e.defaults.roles.length > 0) {
    lines.push(
      `Defaults added: groups [${e.defaults.groups.join(', ')}], roles [${e.defaults.roles.join(', ')}]`,
    );
  }
  if (e.defaults.missing.length > 0)
    lines.push(`Defaults MISSING from the platform: ${e.defaults.missing.join(', ')}`);
  if (e.storedUser.manualGroups.length + e.storedUser.manualRoles.length > 0) {
    lines.push(
      `Manual assignments: groups [${e.storedUser.manualGroups.join(', ')}], roles [${e.storedUser.manualRoles.join(', ')}]`,
    );
  }
  lines.push(`Admin: ${e.admin.isAdmin ? 'yes' : 'no'} — ${e.admin.detail}`);
  lines.push(
    `Decision: ${e.outcome.wouldIssue ? 'platform token issued' : `REFUSED (${e.outcome.reason})`} — ${e.outcome.message}`,
  );
  return lines;
}

export function decisionLine(d: ValueDecision): string {
  const shown = d.displayName !== null ? ` ("${d.displayName}" in the directory)` : '';
  const lookAlike =
    d.lookAlike !== null
      ? `; LOOK-ALIKE: named like platform entry "${d.lookAlike}" but not linked to it — not granted; link it if you mean it`
      : '';
  if (d.outcome === 'matched') {
    return `"${d.value}"${shown} → "${d.target}" (${d.via === 'link' ? 'linked object ID' : 'name'})${lookAlike}`;
  }
  return `"${d.value}"${shown} ignored: ${d.reason}${d.detail ? ` (${d.detail})` : ''}${lookAlike}`;
}
