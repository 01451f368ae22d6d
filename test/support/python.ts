import { execFileSync } from 'node:child_process';

/**
 * A Python 3 interpreter that can import PyJWT with its crypto backend (Debian's
 * `python3-jwt` and `python3-cryptography`, installed for the system interpreter — which
 * may not be the first `python3` on PATH, e.g. under pyenv). Undefined when none can.
 */
export function findPythonWithJwt(): string | undefined {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(candidate, ['-c', 'import jwt, cryptography'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}
