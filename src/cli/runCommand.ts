import type { Command } from 'commander';
import { CliFailure, createOutput, EXIT, type Output } from './cliOutput';

/** What every command body gets first. */
export interface CommandContext {
  readonly out: Output;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Wraps a command body, called with the context then commander's positional arguments and
 * options (the `Command` itself is dropped); a returned number is the exit code; a `CliFailure` becomes its message and exit code; anything else
 * is an unexpected failure (exit 1) reported without a stack unless DEBUG is set.
 */
export type CommandRunner = <A extends unknown[]>(
  body: (ctx: CommandContext, ...args: A) => Promise<unknown>,
) => (...args: unknown[]) => Promise<void>;

export function createRunner(env: NodeJS.ProcessEnv): CommandRunner {
  return (body) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      const json = Boolean(cmd.optsWithGlobals().json);
      const out = createOutput(json);
      try {
        const call = body as (ctx: CommandContext, ...a: unknown[]) => Promise<unknown>;
        const code = await call({ out, env }, ...args.slice(0, -1));
        process.exitCode = typeof code === 'number' ? code : EXIT.ok;
      } catch (err) {
        const failure =
          err instanceof CliFailure
            ? err
            : new CliFailure(`Unexpected error: ${err instanceof Error ? err.message : String(err)}`);
        if (json)
          process.stdout.write(
            `${JSON.stringify({ error: failure.message, details: failure.details }, null, 2)}\n`,
          );
        process.stderr.write(`entra-bridge: ${failure.message}\n`);
        if (env.DEBUG && err instanceof Error && !(err instanceof CliFailure))
          process.stderr.write(`${err.stack}\n`);
        process.exitCode = failure.exitCode;
      }
    };
}
