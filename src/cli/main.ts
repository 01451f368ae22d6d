#!/usr/bin/env node
import { Command } from 'commander';
import { addCatalogCommands, addUserCommands } from './adminCommands';
import { addLinkCommands } from './linkCommands';
import { configCheck } from './configCheck';
import { addAuditCommand } from './auditCommand';
import { addExplainCommand } from './explainCommand';
import { addProvisionCommand } from './provisionCommand';
import { addKeysCommands } from './keysCommands';
import { createRunner } from './runCommand';
import { testAccess, type TestAccessOptions } from './testAccess';
import { tokenInspect, type TokenInspectOptions } from './tokenInspect';

/**
 * `entra-bridge`: operator tooling. Exit codes: 0 success, 1 failure, 2 warnings
 * only (`config check`). `--json` prints one JSON document on stdout for scripts.
 */
export function buildProgram(env: NodeJS.ProcessEnv = process.env): Command {
  const run = createRunner(env);
  const program = new Command('entra-bridge')
    .description(
      'Operator tooling for entra-bridge: test access, check settings, manage groups, roles and users.',
    )
    .option('--json', 'print machine-readable JSON on stdout')
    .showHelpAfterError();

  program
    .command('test-access')
    .description(
      'sign in with the device code flow, exchange the token, and show what the platform makes of you',
    )
    .option(
      '--client-application-id <id>',
      'public client app registration (default: $CLIENT_APPLICATION_ID)',
    )
    .option('--platform-api-url <url>', 'base URL of the bridge (default http://127.0.0.1:$PORT, else 7071)')
    .option(
      '--scope <scope>',
      'scope to request (default api://{OAUTH_APPLICATION_ID}/.default or the app ID URI)',
    )
    .action(run((ctx, options: TestAccessOptions) => testAccess(ctx, options)));

  program
    .command('config')
    .description('inspect the settings')
    .command('check')
    .description(
      'load the settings as the functions do and report every problem and risk (exit 0 ok, 2 warnings, 1 errors)',
    )
    .action(run((ctx) => configCheck(ctx)));

  addCatalogCommands(program, run, 'group');
  addCatalogCommands(program, run, 'role');
  addLinkCommands(program, run, 'group');
  addLinkCommands(program, run, 'role');
  addProvisionCommand(addUserCommands(program, run), run);
  addExplainCommand(program, run);
  addAuditCommand(program, run);
  addKeysCommands(program, run);
  program
    .command('token')
    .description('platform tokens')
    .command('inspect <token>')
    .description('ask /api/introspect whether a platform token is good now, and what it grants')
    .option('--platform-api-url <url>', 'base URL of the bridge (default http://127.0.0.1:$PORT, else 7071)')
    .option(
      '--client-id <id>',
      'client with the introspection app role (default: $ENTRA_BRIDGE_INTROSPECTION_CLIENT_ID)',
    )
    .action(run((ctx, token: string, options: TokenInspectOptions) => tokenInspect(ctx, token, options)));
  return program;
}

async function main(): Promise<void> {
  await buildProgram().parseAsync(process.argv);
  // Keep-alive sockets (storage, HTTP agents) must not hold the process open.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(process.exitCode ?? 0);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`entra-bridge: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
