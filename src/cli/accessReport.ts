import type { Output } from './cliOutput';
import { explanationLines } from './explanationText';
import type { Explanation } from '../lib/explain/explanation';
import type { UserProfile } from '../lib/users/userProfile';

/** Everything `test-access` found out; the `--json` output. */
export interface AccessReport {
  readonly entra: {
    tenantId: string;
    clientId: string;
    scope: string;
    expiresAt: string;
    lifetimeSeconds: number;
  };
  readonly exchange:
    | { ok: true; expiresInSeconds: number; expiresAt: string; accessToken: string }
    | { ok: false; status: number; reason: string; message: string };
  readonly profile: UserProfile | null;
  /** From `/api/admin/explain` when the user is an administrator, else computed locally. */
  readonly explainedBy: 'admin_api' | 'local' | 'unavailable';
  readonly explanation: Explanation | null;
  readonly explanationError?: string;
}

/** The human form of `test-access`: who you are, what you got, what was ignored and why, lifetimes. */
export function printAccessReport(out: Output, r: AccessReport): void {
  out.line();
  if (r.profile) {
    const p = r.profile;
    out.line(
      `Signed in as ${[p.firstName, p.lastName].filter(Boolean).join(' ') || '(no name)'} <${p.email ?? 'no e-mail'}>`,
    );
    out.line(`  platform user id: ${p.id}   tenant: ${p.tenantId}`);
    out.line(`  groups: ${p.groups.join(', ') || '(none)'}`);
    out.line(`  roles:  ${p.roles.join(', ') || '(none)'}`);
    out.line(`  administrator: ${p.isAdmin ? 'yes' : 'no'}`);
  } else if (!r.exchange.ok) {
    out.line(
      `Token exchange REFUSED: HTTP ${r.exchange.status} ${r.exchange.reason} — ${r.exchange.message}`,
    );
  }
  out.line();
  out.line(
    `Why (${r.explainedBy === 'admin_api' ? 'from /api/admin/explain' : r.explainedBy === 'local' ? 'local explain with these settings' : 'not available'}):`,
  );
  if (r.explanation) for (const line of explanationLines(r.explanation)) out.line(`  ${line}`);
  else out.line(`  ${r.explanationError ?? 'no explanation'}`);
  out.line();
  out.line('Token lifetimes:');
  out.line(`  Entra access token: ${r.entra.lifetimeSeconds} s, expires ${r.entra.expiresAt}`);
  if (r.exchange.ok) {
    out.line(
      `  Platform token:     ${r.exchange.expiresInSeconds} s, expires ${r.exchange.expiresAt} (never after the Entra token)`,
    );
  }
}
