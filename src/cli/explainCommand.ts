import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Explanation } from '../lib/explain/explanation';
import { createApiClient, platformBaseUrl } from './apiClient';
import { CliFailure, EXIT } from './cliOutput';
import { explanationLines } from './explanationText';
import type { CommandRunner } from './runCommand';

interface ExplainOptions {
  platformApiUrl?: string;
  token?: string;
  entraToken?: string;
  claimsFile?: string;
}

/** `entra-bridge explain`: asks `/api/admin/explain` about an Entra token or a claims file. */
export function addExplainCommand(program: Command, run: CommandRunner): void {
  program
    .command('explain')
    .description('explain how the bridge maps an Entra token or a set of claims (admin API; writes nothing)')
    .option('--entra-token <jwt>', 'the Entra access token to explain')
    .option('--claims-file <path>', 'a JSON file with claims to explain (validation is skipped)')
    .option('--platform-api-url <url>', 'base URL of the bridge (default http://127.0.0.1:$PORT, else 7071)')
    .option('--token <token>', 'platform access token of an administrator (default: $ENTRA_BRIDGE_TOKEN)')
    .action(
      run(async ({ out, env }, opts: ExplainOptions) => {
        if (!opts.entraToken === !opts.claimsFile)
          throw new CliFailure('Give exactly one of --entra-token and --claims-file.');
        const token = opts.token ?? env.ENTRA_BRIDGE_TOKEN;
        if (!token)
          throw new CliFailure('An administrator platform token is required: --token or ENTRA_BRIDGE_TOKEN.');
        let body: unknown = { token: opts.entraToken };
        if (opts.claimsFile) {
          try {
            body = { claims: JSON.parse(readFileSync(opts.claimsFile, 'utf8')) };
          } catch (err) {
            throw new CliFailure(`--claims-file: ${(err as Error).message}`);
          }
        }
        const api = createApiClient(
          platformBaseUrl(opts.platformApiUrl ?? `http://127.0.0.1:${env.PORT || 7071}`),
          token,
        );
        const explanation = await api.request<Explanation>('POST', '/api/admin/explain', { body });
        out.result(explanation, () => {
          for (const line of explanationLines(explanation)) out.line(line);
        });
        return explanation.outcome.wouldIssue ? EXIT.ok : EXIT.failure;
      }),
    );
}
