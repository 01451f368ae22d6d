import { describe, expect, it } from 'vitest';
import { recordTokenChecks, runTokenChecks, stepOutcome } from '../../../src/lib/entra/runTokenChecks';
import { type TokenCheck, tokenUnderCheck } from '../../../src/lib/entra/tokenChecks';
import type { VerifiedEntraToken } from '../../../src/lib/entra/verifiedEntraToken';
import { TokenRejectedError } from '../../../src/lib/errors';

const RESULT = { subjectId: 's' } as VerifiedEntraToken;

/** Checks that note their name when run; `fail` throws a refusal, `later` answers asynchronously. */
function table(options: { fail?: string; later?: string; crash?: string } = {}) {
  const ran: string[] = [];
  const check =
    (name: string): TokenCheck['check'] =>
    (t) => {
      ran.push(name);
      if (name === options.crash) throw new Error('a fault of ours');
      if (name === options.fail) throw new TokenRejectedError('tenant_not_allowed', `${name} refused`);
      if (name === 'caller') t.verified = RESULT;
      return name === options.later ? Promise.resolve() : undefined;
    };
  const checks: TokenCheck[] = ['format', 'tenant', 'signature', 'caller'].map((name) => ({
    name,
    check: check(name),
  }));
  return { checks, ran };
}

describe('runTokenChecks', () => {
  it('runs every check in order and answers synchronously when no check is asynchronous', () => {
    const { checks, ran } = table();
    expect(runTokenChecks(checks, tokenUnderCheck('t'))).toBe(RESULT);
    expect(ran).toEqual(['format', 'tenant', 'signature', 'caller']);
  });

  it('waits for an asynchronous check, then runs the rest', async () => {
    const { checks, ran } = table({ later: 'signature' });
    const answer = runTokenChecks(checks, tokenUnderCheck('t'));
    expect(answer).toBeInstanceOf(Promise);
    expect(ran).toEqual(['format', 'tenant', 'signature']);
    expect(await answer).toBe(RESULT);
    expect(ran).toEqual(['format', 'tenant', 'signature', 'caller']);
  });

  it('stops at the first refusal and throws it', () => {
    const { checks, ran } = table({ fail: 'tenant' });
    expect(() => runTokenChecks(checks, tokenUnderCheck('t'))).toThrow('tenant refused');
    expect(ran).toEqual(['format', 'tenant']);
  });
});

describe('recordTokenChecks', () => {
  it('records every check as passed and returns the result', async () => {
    const { checks } = table({ later: 'signature' });
    expect(await recordTokenChecks(checks, tokenUnderCheck('t'))).toEqual({
      steps: [
        { step: 'format', ok: true },
        { step: 'tenant', ok: true },
        { step: 'signature', ok: true },
        { step: 'caller', ok: true },
      ],
      token: RESULT,
    });
  });

  it('records the first refusal with its reason and runs nothing after it', async () => {
    const { checks, ran } = table({ fail: 'signature' });
    const result = await recordTokenChecks(checks, tokenUnderCheck('t'));
    expect(result.steps).toEqual([
      { step: 'format', ok: true },
      { step: 'tenant', ok: true },
      { step: 'signature', ok: false, reason: 'tenant_not_allowed', message: 'signature refused' },
    ]);
    expect(result.error).toBeInstanceOf(TokenRejectedError);
    expect(result.token).toBeUndefined();
    expect(ran).toEqual(['format', 'tenant', 'signature']);
  });

  it('throws what is not a refusal instead of recording it', async () => {
    const { checks } = table({ crash: 'tenant' });
    await expect(recordTokenChecks(checks, tokenUnderCheck('t'))).rejects.toThrow('a fault of ours');
  });
});

describe('stepOutcome', () => {
  it('is a passed step without an error, the reason of a refusal, and throws anything else', () => {
    expect(stepOutcome('caller')).toEqual({ step: 'caller', ok: true });
    expect(stepOutcome('caller', new TokenRejectedError('missing_scope', 'no scope'))).toEqual({
      step: 'caller',
      ok: false,
      reason: 'missing_scope',
      message: 'no scope',
    });
    expect(() => stepOutcome('caller', new RangeError('bug'))).toThrow('bug');
  });
});
