import { closeSync, fchmodSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../lib/config/loadConfig';
import { ConfigError } from '../lib/errors';
import { ROTATION_LEEWAY_SECONDS, rotateSigningKeys } from '../lib/platform/rotateSigningKeys';
import { generateSigningKeySet } from '../lib/platform/signingKeys';
import { CliFailure } from './cliOutput';
import { readCliSettings } from './cliSettings';
import type { CommandRunner } from './runCommand';

interface KeysOptions {
  out?: string;
  alg?: string;
}

/**
 * `keys generate` and `keys rotate`: private JWK sets for `BRIDGE_SIGNING_KEYS`. A set goes
 * to `--out` (created with mode 0600) or to stdout, and nowhere else: what is said about it
 * on stderr names key IDs only.
 */
export function addKeysCommands(program: Command, run: CommandRunner): void {
  const keys = program.command('keys').description('platform token signing keys (BRIDGE_SIGNING_KEYS)');
  keys
    .command('generate')
    .description('a new private JWK set of one key (kid = RFC 7638 thumbprint, iat = creation time)')
    .option('--alg <alg>', 'ES256 (default), ES384, RS256, PS256 or EdDSA', 'ES256')
    .option('--out <file>', 'write the set to this file (mode 0600) instead of stdout')
    .action(
      run(async (_ctx, opts: KeysOptions) => {
        const set = await asCliFailure(() => generateSigningKeySet(opts.alg));
        emit(set, opts.out, `generated key ${set.keys[0]?.kid}`);
      }),
    );
  keys
    .command('rotate')
    .description(
      'a new key first, the previous one kept, older ones dropped once no token they signed can be valid',
    )
    .requiredOption('--from <file>', 'the current private JWK set (what BRIDGE_SIGNING_KEYS holds)')
    .option('--out <file>', 'write the new set to this file (mode 0600) instead of stdout')
    .option('--alg <alg>', 'algorithm of the new key (default: that of the current key)')
    .option(
      '--max-token-lifetime <seconds>',
      'longest platform token lifetime (default: BRIDGE_TOKEN_LIFETIME_SECONDS, else 900)',
    )
    .action(
      run(async ({ env }, opts: KeysOptions & { from: string; maxTokenLifetime?: string }) => {
        let current: unknown;
        try {
          current = JSON.parse(readFileSync(opts.from, 'utf8'));
        } catch (err) {
          throw new CliFailure(`--from ${opts.from}: not a readable JSON file (${(err as Error).message})`);
        }
        const lifetime = opts.maxTokenLifetime ?? tokenLifetime(env);
        if (!/^\d{1,6}$/.test(String(lifetime)))
          throw new CliFailure('--max-token-lifetime: a whole number of seconds');
        const rotation = await asCliFailure(() =>
          rotateSigningKeys(current, {
            now: Math.floor(Date.now() / 1000),
            maxTokenLifetimeSeconds: Number(lifetime),
            alg: opts.alg,
          }),
        );
        emit(
          { keys: rotation.keys },
          opts.out,
          [
            `new signing key ${rotation.added}`,
            `kept ${rotation.kept.join(', ') || '(none)'}`,
            `dropped ${rotation.dropped.join(', ') || '(none)'} (retired over ${lifetime} + ${ROTATION_LEEWAY_SECONDS} s ago)`,
          ].join('\n'),
        );
      }),
    );
}

function tokenLifetime(env: NodeJS.ProcessEnv): number {
  const settings = readCliSettings(env).values;
  try {
    return loadConfig({ BRIDGE_TOKEN_LIFETIME_SECONDS: settings.BRIDGE_TOKEN_LIFETIME_SECONDS }).bridge
      .tokenLifetimeSeconds;
  } catch (err) {
    if (err instanceof ConfigError) throw new CliFailure(err.message);
    throw err;
  }
}

async function asCliFailure<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliFailure(err.problems.join('\n'));
    throw err;
  }
}

/** The set to the file (0600, also when it existed) or stdout; the summary to stderr. */
function emit(set: unknown, file: string | undefined, summary: string): void {
  const text = `${JSON.stringify(set, null, 2)}\n`;
  if (file) {
    // Restrict an existing file before the secret goes into it.
    const fd = openSync(file, 'w', 0o600);
    try {
      fchmodSync(fd, 0o600);
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    process.stderr.write(`${summary}\nwrote ${file}\n`);
  } else {
    process.stdout.write(text);
    process.stderr.write(`${summary}\n`);
  }
}
