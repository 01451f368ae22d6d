import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSigningKey, loadSigningKeys } from '../../src/lib/platform/signingKeys';
import { runCli } from '../support/runCli';

const dir = mkdtempSync(join(tmpdir(), 'entra-bridge-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const now = () => Math.floor(Date.now() / 1000);

/** The command with no app settings but `env`: key commands need no stack. */
const cli = (args: string[], env: Record<string, string> = {}) => runCli({ settings: {} }, dir, args, env);

interface KeySet {
  keys: { kid: string; d?: string; iat?: number; alg: string }[];
}

describe('entra-bridge keys generate', () => {
  it('prints a private JWK set the bridge loads: kid = thumbprint, iat = now; the key only on stdout', async () => {
    const run = await cli(['keys', 'generate']);
    expect(run.code).toBe(0);
    const set = JSON.parse(run.stdout) as KeySet;
    expect(set.keys).toHaveLength(1);
    const [key] = set.keys;
    expect(key).toMatchObject({ alg: 'ES256', use: 'sig', kty: 'EC', d: expect.any(String) });
    expect(key?.kid).toBe(await calculateJwkThumbprint(key as never));
    expect(Math.abs((key?.iat ?? 0) - now())).toBeLessThan(60);
    expect(run.stderr).not.toContain(String(key?.d));
    expect(run.stderr).toContain(String(key?.kid));
    const loaded = await loadSigningKeys(run.stdout);
    expect(loaded.current.kid).toBe(key?.kid);
    // The creation time stays private: the published key is a plain public JWK.
    expect(loaded.current.publicJwk).not.toHaveProperty('iat');
    expect(loaded.current.publicJwk).not.toHaveProperty('d');
  });

  it('writes --out with mode 0600, even over a file that was readable, and prints no key', async () => {
    const file = join(dir, 'generated.json');
    writeFileSync(file, 'old', { mode: 0o644 });
    const run = await cli(['keys', 'generate', '--alg', 'RS256', '--out', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const set = JSON.parse(readFileSync(file, 'utf8')) as KeySet;
    expect(set.keys[0]).toMatchObject({ alg: 'RS256', kty: 'RSA' });
    expect(run.stderr).not.toContain(String(set.keys[0]?.d));
  });

  it('refuses an unknown algorithm', async () => {
    const run = await cli(['keys', 'generate', '--alg', 'HS256']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/alg must be one of/);
  });
});

describe('entra-bridge keys rotate', () => {
  /** A set of [previous current, older] keys created `ages` seconds ago. */
  async function setFile(name: string, ages: (number | undefined)[]) {
    const keys = [];
    for (const age of ages) {
      const key = await generateSigningKey('ES256', now() - (age ?? 0));
      if (age === undefined) delete key.iat;
      keys.push(key);
    }
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify({ keys }), { mode: 0o600 });
    return { file, kids: keys.map((k) => String(k.kid)) };
  }
  const rotate = async (file: string, extra: string[] = [], env: Record<string, string> = {}) => {
    const out = join(dir, `rotated-${Math.random().toString(36).slice(2)}.json`);
    const run = await cli(['keys', 'rotate', '--from', file, '--out', out, ...extra], env);
    expect(run.stderr).not.toMatch(/"d"/);
    return { run, set: run.code === 0 ? (JSON.parse(readFileSync(out, 'utf8')) as KeySet) : undefined, out };
  };

  it('puts a new key first, keeps the previous one, drops an older one retired longer than the token lifetime', async () => {
    // The current key was made 2000 s ago: the older one has not signed for 2000 s > 900 + 300.
    const { file, kids } = await setFile('two.json', [2000, 9000]);
    const { run, set, out } = await rotate(file);
    expect(run.code).toBe(0);
    expect(set?.keys.map((k) => k.kid)).toEqual([expect.any(String), kids[0]]);
    expect(set?.keys[0]?.kid).not.toBe(kids[0]);
    expect(Math.abs((set?.keys[0]?.iat ?? 0) - now())).toBeLessThan(60);
    expect(run.stderr).toContain(`dropped ${kids[1]}`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const loaded = await loadSigningKeys(readFileSync(out, 'utf8'));
    expect(loaded.current.kid).toBe(set?.keys[0]?.kid);
    expect(loaded.all).toHaveLength(2);
  });

  it('keeps an older key while tokens it signed may still be valid (BRIDGE_TOKEN_LIFETIME_SECONDS)', async () => {
    const { file, kids } = await setFile('recent.json', [2000, 9000]);
    const { run, set } = await rotate(file, [], { BRIDGE_TOKEN_LIFETIME_SECONDS: '3600' });
    expect(run.code).toBe(0);
    expect(set?.keys.map((k) => k.kid).slice(1)).toEqual(kids);
    const flag = await rotate(file, ['--max-token-lifetime', '60']);
    expect(flag.set?.keys.map((k) => k.kid).slice(1)).toEqual([kids[0]]);
  });

  it('keeps keys whose age cannot be known (no iat on the key that replaced them)', async () => {
    const { file, kids } = await setFile('handmade.json', [undefined, undefined]);
    const { run, set } = await rotate(file);
    expect(run.code).toBe(0);
    expect(set?.keys.map((k) => k.kid).slice(1)).toEqual(kids);
  });

  it('refuses a file that is not a private key set, naming the problem and printing nothing', async () => {
    const { file } = await setFile('public.json', [10]);
    const set = JSON.parse(readFileSync(file, 'utf8')) as KeySet;
    delete set.keys[0]?.d;
    writeFileSync(file, JSON.stringify(set));
    const run = await cli(['keys', 'rotate', '--from', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/not a private key/);
    const missing = await cli(['keys', 'rotate', '--from', join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--from .*nope\.json/);
  });
});
