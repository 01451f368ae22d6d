import type { BridgeConfig } from '../lib/config/bridgeConfig';
import { type Environment, loadConfig } from '../lib/config/loadConfig';
import { ConfigError } from '../lib/errors';
import { EXIT } from './cliOutput';
import { readCliSettings } from './cliSettings';
import { probeAuthority, probeGraphFindings, probeSigningKeys, probeStorage } from './configProbes';
import type { CommandContext } from './runCommand';
import { type Finding, settingsFindings } from './settingsFindings';

/** Result of `config check`: every finding, and the exit code they add up to. */
export interface ConfigCheckReport {
  readonly settingsFile: string | null;
  readonly findings: readonly Finding[];
  readonly errors: number;
  readonly warnings: number;
}

/**
 * Loads the settings as the functions do and reports every problem at once: invalid values
 * (a setting that does not parse is set aside so the other checks still run), then the
 * risks in the settings, then the authority, storage, Graph and signing keys.
 */
export async function runConfigCheck(env: Environment): Promise<ConfigCheckReport> {
  const findings: Finding[] = [];
  const { config, problems, forcedOff } = loadLeniently(env);
  for (const problem of problems) {
    const setting = /^([A-Za-z_][A-Za-z0-9_]*):/.exec(problem)?.[1];
    findings.push({ check: 'setting', level: 'error', ...(setting ? { setting } : {}), message: problem });
  }
  if (config) {
    findings.push(...settingsFindings(config).filter((f) => !(forcedOff && f.check === 'oauth_enabled')));
    const ready = config.tenantId !== '';
    const probes = await Promise.all([
      ready ? probeAuthority(config) : Promise.resolve([]),
      probeStorage(config),
      ready ? probeGraphFindings(config, env) : Promise.resolve([]),
      probeSigningKeys(config),
    ]);
    findings.push(...probes.flat());
  }
  return {
    settingsFile: null,
    findings,
    errors: findings.filter((f) => f.level === 'error').length,
    warnings: findings.filter((f) => f.level === 'warning').length,
  };
}

/** `loadConfig`, retried without the settings it refused, so the other checks can still run. */
function loadLeniently(env: Environment): { config?: BridgeConfig; problems: string[]; forcedOff?: boolean } {
  try {
    return { config: loadConfig(env), problems: [] };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const without: Record<string, string | undefined> = { ...env };
    for (const p of err.problems) {
      const name = /^([A-Za-z_][A-Za-z0-9_]*):/.exec(p)?.[1];
      if (name) delete without[name];
    }
    try {
      return { config: loadConfig(without), problems: [...err.problems] };
    } catch {
      // Still refused: a required setting is missing. Check the rest as if OAuth were off.
      try {
        return {
          config: loadConfig({ ...without, OAUTH_ENABLED: 'false' }),
          problems: [...err.problems],
          forcedOff: true,
        };
      } catch {
        return { problems: [...err.problems] };
      }
    }
  }
}

/** `entra-bridge config check`: exit 0 all well, 2 warnings only, 1 any error. */
export async function configCheck(ctx: CommandContext): Promise<number> {
  const settings = readCliSettings(ctx.env);
  const report = { ...(await runConfigCheck(settings.values)), settingsFile: settings.file ?? null };
  ctx.out.result(report, () => {
    if (settings.file) ctx.out.line(`Settings: environment, then ${settings.file}`);
    const mark = { ok: 'ok  ', info: 'info', warning: 'WARN', error: 'FAIL' } as const;
    for (const f of report.findings) {
      ctx.out.line(`${mark[f.level]}  ${f.check}${f.setting ? ` [${f.setting}]` : ''}: ${f.message}`);
    }
    ctx.out.line(`${report.errors} error(s), ${report.warnings} warning(s)`);
  });
  return report.errors > 0 ? EXIT.failure : report.warnings > 0 ? EXIT.warnings : EXIT.ok;
}
